"""English names for the majors, shown on the English site (issue 16 follow-up: overseas partners saw
every major in Chinese). The seeded catalogue's majors get the English names of the national
catalogue's English rendering; a major renamed or added in the admin keeps what the admin gives."""

from django.db import migrations, models

ENGLISH = {
    "现代农艺技术": "Modern Agronomy Technology",
    "设施农业生产技术": "Protected Agriculture Production Technology",
    "园林技术": "Landscape Gardening Technology",
    "畜禽生产技术": "Livestock and Poultry Production Technology",
    "宠物养护与服务": "Pet Care and Services",
    "农产品营销与储运": "Agricultural Products Marketing, Storage and Transport",
    "环境治理技术": "Environmental Remediation Technology",
    "工程测量技术": "Engineering Surveying Technology",
    "新能源装置运行与维护": "New Energy Equipment Operation and Maintenance",
    "光伏工程技术与应用": "Photovoltaic Engineering Technology and Application",
    "建筑工程施工": "Building Construction",
    "建筑装饰技术": "Architectural Decoration Technology",
    "建筑智能化设备安装与运维": "Installation and Maintenance of Intelligent Building Equipment",
    "工程造价": "Construction Cost Engineering",
    "城市燃气智能输配与应用": "Intelligent Urban Gas Distribution and Application",
    "水利工程施工": "Hydraulic Engineering Construction",
    "数控技术应用": "CNC Technology Application",
    "机械加工技术": "Mechanical Processing Technology",
    "机电技术应用": "Electromechanical Technology Application",
    "模具制造技术": "Mould Manufacturing Technology",
    "焊接技术应用": "Welding Technology Application",
    "工业机器人技术应用": "Industrial Robot Technology Application",
    "电气设备运行与控制": "Electrical Equipment Operation and Control",
    "智能设备运行与维护": "Intelligent Equipment Operation and Maintenance",
    "无人机操控与维护": "Drone Operation and Maintenance",
    "化学工艺": "Chemical Technology",
    "生物产品检验检疫": "Inspection and Quarantine of Biological Products",
    "服装设计与工艺": "Fashion Design and Technology",
    "家具设计与制作": "Furniture Design and Making",
    "印刷媒体技术": "Print Media Technology",
    "食品加工工艺": "Food Processing Technology",
    "药品食品检验": "Drug and Food Testing",
    "中药制药": "Traditional Chinese Medicine Pharmaceutics",
    "汽车运用与维修": "Automobile Application and Maintenance",
    "新能源汽车运用与维修": "New Energy Vehicle Application and Maintenance",
    "汽车车身修复": "Automobile Body Repair",
    "汽车服务与营销": "Automobile Services and Marketing",
    "城市轨道交通运营服务": "Urban Rail Transit Operation Services",
    "铁道运输服务": "Railway Transport Services",
    "航空服务": "Aviation Services",
    "船舶驾驶": "Ship Navigation",
    "计算机应用": "Computer Application",
    "计算机网络技术": "Computer Network Technology",
    "软件与信息服务": "Software and Information Services",
    "数字媒体技术应用": "Digital Media Technology Application",
    "电子技术应用": "Electronic Technology Application",
    "物联网技术应用": "Internet of Things Technology Application",
    "大数据技术应用": "Big Data Technology Application",
    "网络信息安全": "Network Information Security",
    "移动互联应用技术": "Mobile Internet Application Technology",
    "护理": "Nursing",
    "药剂": "Pharmacy",
    "康复技术": "Rehabilitation Technology",
    "中医护理": "Traditional Chinese Medicine Nursing",
    "医学检验技术": "Medical Laboratory Technology",
    "会计事务": "Accounting Affairs",
    "电子商务": "E-Commerce",
    "跨境电子商务": "Cross-Border E-Commerce",
    "市场营销": "Marketing",
    "物流服务与管理": "Logistics Services and Management",
    "直播电商服务": "Live-Streaming E-Commerce Services",
    "旅游服务与管理": "Tourism Services and Management",
    "酒店服务与管理": "Hotel Services and Management",
    "中餐烹饪": "Chinese Cuisine",
    "西餐烹饪": "Western Cuisine",
    "中西面点": "Chinese and Western Pastry",
    "艺术设计与制作": "Art Design and Production",
    "美术绘画": "Fine Arts and Painting",
    "音乐表演": "Music Performance",
    "舞蹈表演": "Dance Performance",
    "工艺美术": "Arts and Crafts",
    "网络新闻与传播": "Online News and Communication",
    "广播影视节目制作": "Radio, Film and Television Production",
    "幼儿保育": "Early Childhood Care",
    "运动训练": "Sports Training",
    "社会体育服务与管理": "Community Sports Services and Management",
    "安全保卫服务": "Security Services",
    "社区公共事务管理": "Community Public Affairs Management",
    "智慧健康养老服务": "Smart Health and Elderly Care Services",
    "老年人服务与管理": "Elderly Services and Management",
}


def name_in_english(apps, schema_editor):
    Major = apps.get_model("core", "Major")
    for major in Major.objects.filter(name__in=ENGLISH, name_en=""):
        major.name_en = ENGLISH[major.name]
        major.save(update_fields=["name_en"])


class Migration(migrations.Migration):
    dependencies = [("core", "0006_portal_settings_permissions")]

    operations = [
        migrations.AddField(
            model_name="major",
            name="name_en",
            field=models.CharField(
                blank=True,
                help_text="选填：英文网站上显示；留空则显示中文名称",
                max_length=150,
                verbose_name="英文名称",
            ),
        ),
        migrations.RunPython(name_in_english, migrations.RunPython.noop),
    ]
