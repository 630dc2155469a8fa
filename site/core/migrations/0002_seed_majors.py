"""Seed the managed majors list from the national secondary vocational catalogue (2021 edition).

Names and broad categories (专业大类) follow the catalogue; codes are left for the secretariat to fill
in the admin. The list can be edited there afterwards; this migration only adds missing names.
"""

from django.db import migrations

MAJORS = {
    "61": ["现代农艺技术", "设施农业生产技术", "园林技术", "畜禽生产技术", "宠物养护与服务", "农产品营销与储运"],
    "62": ["环境治理技术", "工程测量技术"],
    "63": ["新能源装置运行与维护", "光伏工程技术与应用"],
    "64": ["建筑工程施工", "建筑装饰技术", "建筑智能化设备安装与运维", "工程造价", "城市燃气智能输配与应用"],
    "65": ["水利工程施工"],
    "66": [
        "数控技术应用", "机械加工技术", "机电技术应用", "模具制造技术", "焊接技术应用",
        "工业机器人技术应用", "电气设备运行与控制", "智能设备运行与维护", "无人机操控与维护",
    ],
    "67": ["化学工艺", "生物产品检验检疫"],
    "68": ["服装设计与工艺", "家具设计与制作", "印刷媒体技术"],
    "69": ["食品加工工艺", "药品食品检验", "中药制药"],
    "70": [
        "汽车运用与维修", "新能源汽车运用与维修", "汽车车身修复", "汽车服务与营销",
        "城市轨道交通运营服务", "铁道运输服务", "航空服务", "船舶驾驶",
    ],
    "71": [
        "计算机应用", "计算机网络技术", "软件与信息服务", "数字媒体技术应用", "电子技术应用",
        "物联网技术应用", "大数据技术应用", "网络信息安全", "移动互联应用技术",
    ],
    "72": ["护理", "药剂", "康复技术", "中医护理", "医学检验技术"],
    "73": ["会计事务", "电子商务", "跨境电子商务", "市场营销", "物流服务与管理", "直播电商服务"],
    "74": ["旅游服务与管理", "酒店服务与管理", "中餐烹饪", "西餐烹饪", "中西面点"],
    "75": ["艺术设计与制作", "美术绘画", "音乐表演", "舞蹈表演", "工艺美术"],
    "76": ["网络新闻与传播", "广播影视节目制作"],
    "77": ["幼儿保育", "运动训练", "社会体育服务与管理"],
    "78": ["安全保卫服务"],
    "79": ["社区公共事务管理", "智慧健康养老服务", "老年人服务与管理"],
}


def seed_majors(apps, schema_editor):
    Major = apps.get_model("core", "Major")
    existing = set(Major.objects.values_list("name", flat=True))
    Major.objects.bulk_create(
        Major(name=name, category=category)
        for category, names in MAJORS.items()
        for name in names
        if name not in existing
    )


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [migrations.RunPython(seed_majors, migrations.RunPython.noop)]
