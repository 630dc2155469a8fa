"""Synthetic but realistic resource rows for benchmarks: titles, summaries and bodies built from the
majors, courses, resource types and schools a vocational library really has."""

import random

MAJORS_COURSES = {
    "数控技术应用": ["数控车削编程与加工", "数控铣削编程与加工", "机械制图", "CAD/CAM 软件应用", "数控机床维护与保养"],
    "汽车运用与维修": ["汽车发动机构造与维修", "汽车底盘构造与维修", "汽车电气设备检修", "汽车维护与保养"],
    "新能源汽车运用与维修": ["新能源汽车动力电池及管理系统检修", "新能源汽车驱动电机检修", "新能源汽车高压安全"],
    "电子商务": ["网店运营与推广", "直播电商实务", "电子商务数据分析", "网络营销"],
    "计算机应用": ["Python 程序设计基础", "办公软件高级应用", "计算机网络基础", "数据库应用基础"],
    "工业机器人技术应用": ["工业机器人编程与操作", "工业机器人系统集成", "PLC 控制技术"],
    "机电技术应用": ["电工电子技术", "液压与气动技术", "PLC 控制技术", "机电设备安装与调试"],
    "建筑工程施工": ["BIM 建模与应用", "建筑识图与构造", "建筑施工技术"],
    "幼儿保育": ["幼儿卫生与保育", "幼儿游戏与指导", "幼儿园环境创设"],
    "护理": ["基础护理技术", "内科护理", "急救护理技术"],
    "中餐烹饪": ["中式烹调技艺", "中式面点技艺", "烹饪原料知识"],
    "会计事务": ["企业财务会计", "会计基本技能", "纳税实务"],
}
TYPES = {
    "course_standard": "《{course}》课程标准",
    "lesson_plan": "{course}教学设计（项目化）",
    "courseware": "{course}课件",
    "video": "{course}微课视频",
    "training_guide": "{course}实训指导书",
    "question_bank": "{course}试题库",
    "case": "{course}教学案例",
}
SUMMARIES = {
    "course_standard": "本课程标准明确了{course}课程的性质、目标、内容与要求、实施建议和考核评价，适用于中等职业学校{major}专业。",
    "lesson_plan": "以企业真实工作任务为载体，按照任务引入、知识准备、任务实施、评价反馈组织{course}的教学过程。",
    "courseware": "配合{course}教学使用的演示文稿，含重点难点动画演示和课堂练习。",
    "video": "{course}核心知识点微课，每段五至十分钟，适合课前预习和课后复习。",
    "training_guide": "{course}实训项目的操作步骤、安全规范、评分标准和实训报告模板。",
    "question_bank": "{course}理论与实操试题，含单选、多选、判断和实操评分细则。",
    "case": "{major}专业{course}课程的教学改革案例，介绍校企合作开发课程和实施教学的做法与成效。",
}
SCHOOLS = ["上海市工业技术学校", "北京市昌平职业学校", "杭州市中策职业学校", "广州市轻工职业学校", "成都市礼仪职业中学",
           "天津市第一商业学校", "江苏省惠山中等专业学校", "青岛西海岸新区职业中等专业学校", "重庆市工商学校", "西安市旅游职业中专"]  # fmt: skip
FILLER = [
    "校企合作",
    "产教融合",
    "岗课赛证",
    "双师型教师",
    "信息化教学",
    "1+X 证书",
    "技能大赛",
    "实训基地",
    "课程思政",
    "工匠精神",
]


def rows(n: int, *, seed: int = 2026, prefix: str = "bench"):
    rng = random.Random(seed)  # noqa: S311 - reproducible test data
    pairs = [(major, course) for major, courses in MAJORS_COURSES.items() for course in courses]
    for i in range(n):
        major, course = pairs[i % len(pairs)]
        kind = list(TYPES)[(i // len(pairs)) % len(TYPES)]
        school = SCHOOLS[rng.randrange(len(SCHOOLS))]
        fields = {"course": course, "major": major}
        version = i // (len(pairs) * len(TYPES))
        title = TYPES[kind].format(**fields) + (f"（{school[:2]}版 {version}）" if version else "")
        yield {
            "external_id": f"{prefix}-{i:06d}",
            "title": title,
            "summary": SUMMARIES[kind].format(**fields),
            "body": "。".join(rng.sample(FILLER, 3)) + f"。{school}在{course}教学中积累了丰富经验。",
            "major": major,
            "resource_type": kind,
            "school": school,
            "year": 2020 + rng.randrange(7),
            "tags": [course, major],
            "visibility": "members" if rng.random() < 0.2 else "public",
        }
