"""Reference data: the GB/T 2260 divisions of 洛阳市 before and after the 2021 redivision, and the ten
metrology disciplines.

Source: the MCA yearly code tables (2015, 2020, 2021, 2024) as mirrored in reference/domain.md §5.2.
The 2021 redivision (撤销偃师市设偃师区; 撤销孟津县、吉利区设孟津区) is dated 2021-01-01, the first day of
the yearly table that shows it; the exact day of the State Council approval is not in our sources.
Divisions that predate the plan are dated 2000-01-01 (洛龙区 replaced 郊区 in 2000), which covers every
date the platform reports on.
"""

import datetime as dt

from django.db import migrations

START = dt.date(2000, 1, 1)
REDIVISION = dt.date(2021, 1, 1)

# code, name, level, parent code, valid_from, valid_to, successor code
REGIONS = [
    ("410000", "河南省", "province", None, START, None, None),
    ("410300", "洛阳市", "city", "410000", START, None, None),
    ("410302", "老城区", "district", "410300", START, None, None),
    ("410303", "西工区", "district", "410300", START, None, None),
    ("410304", "瀍河回族区", "district", "410300", START, None, None),
    ("410305", "涧西区", "district", "410300", START, None, None),
    ("410307", "偃师区", "district", "410300", REDIVISION, None, None),
    ("410308", "孟津区", "district", "410300", REDIVISION, None, None),
    ("410306", "吉利区", "district", "410300", START, REDIVISION, "410308"),
    ("410311", "洛龙区", "district", "410300", START, None, None),
    ("410322", "孟津县", "county", "410300", START, REDIVISION, "410308"),
    ("410323", "新安县", "county", "410300", START, None, None),
    ("410324", "栾川县", "county", "410300", START, None, None),
    ("410325", "嵩县", "county", "410300", START, None, None),
    ("410326", "汝阳县", "county", "410300", START, None, None),
    ("410327", "宜阳县", "county", "410300", START, None, None),
    ("410328", "洛宁县", "county", "410300", START, None, None),
    ("410329", "伊川县", "county", "410300", START, None, None),
    ("410381", "偃师市", "county_city", "410300", START, REDIVISION, "410307"),
]

DISCIPLINES = [
    ("length", "长度"),
    ("thermal", "热学"),
    ("mechanics", "力学"),
    ("electromagnetism", "电磁学"),
    ("radio", "无线电"),
    ("time_frequency", "时间频率"),
    ("acoustics", "声学"),
    ("optics", "光学"),
    ("ionizing_radiation", "电离辐射"),
    ("physical_chemistry", "物理化学"),
]


def load(apps, schema_editor):
    Region = apps.get_model("registry", "Region")
    Discipline = apps.get_model("registry", "Discipline")
    by_code = {}
    for code, name, level, parent, valid_from, valid_to, _successor in REGIONS:
        parent_obj = by_code.get(parent)
        path = f"{parent_obj.path if parent_obj else ''}{code}/"
        by_code[code] = Region.objects.create(
            code=code, name=name, level=level, parent=parent_obj, path=path, valid_from=valid_from, valid_to=valid_to
        )
    for code, *_rest, successor in REGIONS:
        if successor:
            Region.objects.filter(pk=by_code[code].pk).update(successor=by_code[successor])
    Discipline.objects.bulk_create(Discipline(code=c, name=n) for c, n in DISCIPLINES)


def unload(apps, schema_editor):
    apps.get_model("registry", "Discipline").objects.filter(code__in=[c for c, _ in DISCIPLINES]).delete()
    Region = apps.get_model("registry", "Region")
    Region.objects.update(successor=None)
    for code, *_ in reversed(REGIONS):
        Region.objects.filter(code=code).delete()


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
