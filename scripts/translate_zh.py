"""Fill the empty Simplified-Chinese msgstrs of the zh_Hans catalogue from the dictionary below.

Usage, from the repository root, after ``make messages`` (or ``jiliang makemessages``) added new strings::

    .venv/bin/python scripts/translate_zh.py [path/to/django.po]
    .venv/bin/jiliang compilemessages_pure

Only entries whose msgstr is empty, or that makemessages marked ``fuzzy`` (a guess from a similar string),
are filled; a translation already in the file is never overwritten, so running it twice changes nothing.
The ``fuzzy`` flag is removed from every entry it fills and from the header, whose fields are set too
(PO-Revision-Date only when something was filled). It prints each msgid it has no translation for and
exits 1 if any remain: add them to ``ZH`` (English msgid → Chinese) and run it again.
A translation whose placeholders (``%(name)s``, ``%s``, ``%d``, ``{{ var }}``) differ from its msgid's is
refused. Terminology: docs/translations.md.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from pathlib import Path

import polib

DEFAULT_PO = Path(__file__).resolve().parents[1] / "src/jiliang/locale/zh_Hans/LC_MESSAGES/django.po"

#: The catalogue's opening comment and header fields, set on every run (Chinese has one plural form).
HEADER_COMMENT = (
    "Simplified-Chinese catalogue of jiliang.\nFill with scripts/translate_zh.py; see docs/translations.md."
)
HEADER = {
    "Project-Id-Version": "jiliang",
    "Last-Translator": "jiliang maintainers",
    "Language-Team": "Chinese (Simplified)",
    "Language": "zh_Hans",
    "MIME-Version": "1.0",
    "Content-Type": "text/plain; charset=UTF-8",
    "Content-Transfer-Encoding": "8bit",
    "Plural-Forms": "nplurals=1; plural=0;",
}

#: msgid (English source) → msgstr. For a plural entry the key is the singular msgid and the value is
#: msgstr[0]. Keep the vocabulary of docs/translations.md.
ZH: dict[str, str] = {
    # site, navigation, dashboard
    "jiliang": "计量",
    "jiliang 计量": "计量 jiliang",
    "jiliang legal-metrology platform": "法制计量监督管理平台",
    "Platform": "平台",
    "Operations": "运行维护",
    "Registry": "基础信息",
    "Language": "语言",
    "Log in": "登录",
    "Log out": "退出登录",
    "Dashboard": "工作台",
    "Organizations": "单位",
    "People": "人员",
    "Qualifications": "检定员证",
    "Experts": "专家库",
    "Regions": "行政区划",
    "API": "API",
    "Key energy-using units": "重点用能单位",
    "Verifier qualifications in force": "有效检定员证",
    "Experts in the pool": "在库专家",
    "Organizations by district and county": "各县（市、区）单位数",
    # generic list / detail / edit pages
    "Back to list": "返回列表",
    "Edit": "编辑",
    "History": "变更历史",
    "Add": "新增",
    "Save": "保存",
    "Cancel": "取消",
    "Search": "搜索",
    "Filter": "筛选",
    "No records.": "暂无记录。",
    "%(counter)s record": "共 %(counter)s 条记录",
    "Previous": "上一页",
    "Next": "下一页",
    "Page %(n)s of %(total)s": "第 %(n)s 页，共 %(total)s 页",
    "Export CSV": "导出 CSV",
    "Export XLSX": "导出 XLSX",
    "Created %s.": "已创建 %s。",
    "Saved %s.": "已保存 %s。",
    "Permission denied.": "无权执行此操作。",
    "Invalid input.": "输入有误。",
    # change history (audit)
    "Time": "时间",
    "Actor": "操作人",
    "Action": "操作",
    "Changes": "变更内容",
    "system": "系统",
    "No changes recorded.": "暂无变更记录。",
    "created at": "创建时间",
    "updated at": "更新时间",
    "created": "新增",
    "updated": "修改",
    "deleted": "删除",
    "revoked": "撤销",
    "imported": "导入",
    "at": "时间",
    "actor": "操作人",
    "action": "操作",
    "object type": "对象类型",
    "object id": "对象 ID",
    "object": "对象",
    "changes": "变更内容",
    "note": "备注",
    "audit entry": "审计记录",
    "audit entries": "审计记录",
    # scope and roles
    "%(what)s is outside your scope.": "%(what)s 不在您的管辖范围内。",
    "Your role may not do this.": "您的角色无权执行此操作。",
    "role": "角色",
    "user": "用户",
    "users": "用户",
    "A county bureau account needs its region.": "县区局账号须指定所属行政区划。",
    "This role needs its organization.": "该角色的账号须指定所属单位。",
    # import (CSV / XLSX)
    "Import": "导入",
    "Upload a CSV (UTF-8) or XLSX file whose first row names the columns. If any row is wrong, nothing is "
    "saved and every bad row is listed.": "请上传 CSV（UTF-8 编码）或 XLSX 文件，首行为列名。"
    "只要有一行有误，全部数据均不保存，并逐行列出错误。",
    "Template": "模板",
    "Column": "列",
    "Meaning": "含义",
    "Required": "必填",
    "%(n)s problem(s) in %(total)s rows — nothing was saved.": (
        "%(total)s 行数据中发现 %(n)s 处问题，未保存任何数据。"
    ),
    "Row": "行",
    "Reason": "原因",
    "Choose a file.": "请选择文件。",
    "Imported %d rows.": "已导入 %d 行。",
    "not a whole number: %s": "不是整数：%s",
    "not a number: %s": "不是数字：%s",
    "not a date (YYYY-MM-DD): %s": "不是日期（格式为 YYYY-MM-DD）：%s",
    "not yes/no: %s": "不是“是/否”：%s",
    "unknown value %(text)s; allowed: %(allowed)s": "未知取值 %(text)s；可选值：%(allowed)s",
    "no record with %(field)s = %(text)s": "不存在 %(field)s = %(text)s 的记录",
    "unknown: %s": "不存在：%s",
    "not a readable XLSX file: %s": "无法读取的 XLSX 文件：%s",
    "the file is neither UTF-8 nor GB18030 text": "文件不是 UTF-8 或 GB18030 编码的文本",
    "unknown column": "未知的列",
    "required column is missing": "缺少必填列",
    "this field is required": "此项为必填项",
    "permission denied": "无权执行此操作",
    "the file is empty": "文件为空",
    "at most %d rows per file": "每个文件最多 %d 行",
    # regions (行政区划)
    "region": "行政区划",
    "regions": "行政区划",
    "GB/T 2260 code": "行政区划代码（GB/T 2260）",
    "region code": "行政区划代码",
    "region (with subdivisions)": "行政区划（含下级）",
    "level": "级别",
    "parent": "上级区划",
    "parent code": "上级区划代码",
    "path": "路径",
    "successor": "承继区划",
    "province": "省",
    "prefecture-level city": "地级市",
    "district": "市辖区",
    "county": "县",
    "county-level city": "县级市",
    "valid from": "生效日期",
    "valid until (exclusive)": "失效日期",
    "valid until": "有效期至",
    "in force on": "有效日期",
    # organizations (单位)
    "organization": "单位",
    "organizations": "单位",
    "organization id": "单位 ID",
    "organization credit code": "所在单位统一社会信用代码",
    "unified social credit code": "统一社会信用代码",
    "Invalid unified social credit code (%(rule)s): %(reason)s": (
        "统一社会信用代码无效（%(rule)s）：%(reason)s"
    ),
    "name": "名称",
    "kind": "类型",
    "address": "地址",
    "industry": "所属行业",
    "industry (GB/T 4754 section)": "所属行业（GB/T 4754 门类）",
    "key energy-using unit": "重点用能单位",
    "contact": "联系人",
    "phone": "联系电话",
    "enterprise": "企业",
    "legal metrology institution": "法定计量检定机构",
    "authorized metrology institution": "授权计量技术机构",
    "government body": "政府机关",
    "hospital": "医院",
    "market": "集贸市场",
    "fuel station": "加油站",
    "taxi company": "出租汽车公司",
    "utility (water, gas, power, heat)": "供水、供气、供电、供热单位",
    "environmental monitoring station": "环境监测站",
    "school or university": "学校（含高等院校）",
    "individual business": "个体工商户",
    "other": "其他",
    # industries: GB/T 4754-2017 sections (门类)
    "A agriculture, forestry, animal husbandry and fishery": "A 农、林、牧、渔业",
    "B mining": "B 采矿业",
    "C manufacturing": "C 制造业",
    "D electricity, heat, gas and water supply": "D 电力、热力、燃气及水生产和供应业",
    "E construction": "E 建筑业",
    "F wholesale and retail": "F 批发和零售业",
    "G transport, storage and post": "G 交通运输、仓储和邮政业",
    "H accommodation and catering": "H 住宿和餐饮业",
    "I information technology services": "I 信息传输、软件和信息技术服务业",
    "J finance": "J 金融业",
    "K real estate": "K 房地产业",
    "L leasing and business services": "L 租赁和商务服务业",
    "M scientific research and technical services": "M 科学研究和技术服务业",
    "N water conservancy, environment and public facilities": "N 水利、环境和公共设施管理业",
    "O residential and other services": "O 居民服务、修理和其他服务业",
    "P education": "P 教育",
    "Q health and social work": "Q 卫生和社会工作",
    "R culture, sports and entertainment": "R 文化、体育和娱乐业",
    "S public administration and social organizations": "S 公共管理、社会保障和社会组织",
    # people, verifiers (检定员), experts (专家库)
    "person": "人员",
    "people": "人员",
    "person id": "人员 ID",
    "title": "职务",
    "email": "电子邮箱",
    "verifier": "检定员",
    "verifier (person id)": "检定员（人员 ID）",
    "verifier qualification": "检定员证",
    "verifier qualifications": "检定员证",
    "qualification number": "证书编号",
    "issued by": "发证机关",
    "expert": "专家",
    "experts": "专家",
    "discipline": "学科",
    "disciplines": "学科",
    "discipline codes (;-separated)": "学科代码（以 ; 分隔）",
    "specialty": "专长",
    "admitted on": "入库日期",
    "active": "在库",
    # metrology disciplines (十大计量学科)
    "length": "长度",
    "thermal": "热学",
    "mechanics": "力学",
    "electromagnetism": "电磁学",
    "radio": "无线电",
    "time and frequency": "时间频率",
    "acoustics": "声学",
    "optics": "光学",
    "ionizing radiation": "电离辐射",
    "physical chemistry": "物理化学",
    # catalogue of instruments under compulsory control (强制检定)
    "instrument type": "计量器具种类",
    "instrument types": "计量器具种类",
    "instrument type code": "计量器具种类代码",
    "instrument type codes (;-separated)": "计量器具种类代码（以 ; 分隔）",
    "code": "代码",
    "category": "类别",
    "verification regime": "强制检定形式",
    "periodic verification": "周期检定",
    "first verification only, limited service life": "只做首次强制检定，限期使用，到期轮换",
    "first verification only, scrapped when inaccurate": "只做首次强制检定，失准报废",
    "verification period (months)": "检定周期（月）",
    "service life (months)": "使用期限（月）",
    "use domains": "使用领域",
    "Unknown use domain(s): %s": "未知的使用领域：%s",
    "trade settlement": "贸易结算",
    "safety protection": "安全防护",
    "medical and health": "医疗卫生",
    "environmental monitoring": "环境监测",
    "pattern approval required": "需型式批准",
    "key-managed instrument": "国家重点管理计量器具",
    "household meter": "民用四表",
    "electricity meter": "电能表",
    "water meter": "水表",
    "gas meter": "燃气表",
    "heat meter": "热能表",
    "catalogue edition": "目录版本",
}

#: (msgctxt, msgid) → msgstr, for the rare msgid that needs different words in different places.
ZH_CONTEXT: dict[tuple[str, str], str] = {}

_PLACEHOLDER = re.compile(r"%\([^)]+\)[#0 +-]*\d*(?:\.\d+)?[sdifr]|%[#0 +-]*\d*(?:\.\d+)?[sdifr]|\{\{.*?\}\}")


def placeholders(text: str) -> set[str]:
    """The ``%(name)s`` / ``%s`` / ``%d`` / ``{{ var }}`` tokens of ``text`` (``%%`` is not one)."""
    return set(_PLACEHOLDER.findall(text.replace("%%", "")))


def lookup(entry: polib.POEntry) -> str | None:
    if entry.msgctxt and (entry.msgctxt, entry.msgid) in ZH_CONTEXT:
        return ZH_CONTEXT[entry.msgctxt, entry.msgid]
    return ZH.get(entry.msgid)


def needs_translation(entry: polib.POEntry) -> bool:
    if entry.fuzzy:
        return True
    if entry.msgid_plural:
        return not entry.msgstr_plural or any(not s for s in entry.msgstr_plural.values())
    return not entry.msgstr


def fill(po: polib.POFile) -> tuple[int, list[str]]:
    """Fill ``po`` in place; returns how many entries were filled and the msgids still missing."""
    po.header = HEADER_COMMENT
    po.metadata.update(HEADER)
    po.metadata_is_fuzzy = False
    filled, missing = 0, []
    for entry in po:
        if entry.obsolete or not needs_translation(entry):
            continue
        text = lookup(entry)
        if text is None:
            missing.append(entry.msgid)
            continue
        if entry.msgid_plural:
            entry.msgstr_plural = {0: text}
        else:
            entry.msgstr = text
        entry.flags = [f for f in entry.flags if f != "fuzzy"]
        entry.previous_msgid = entry.previous_msgid_plural = entry.previous_msgctxt = None
        filled += 1
    if filled or po.metadata.get("PO-Revision-Date", "").startswith("YEAR"):
        po.metadata["PO-Revision-Date"] = dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M%z")
    return filled, missing


def main(argv: list[str]) -> int:
    bad = [k for k, v in ZH.items() if placeholders(k) != placeholders(v)]
    if bad:
        print("placeholders differ between msgid and translation:", *bad, sep="\n  ", file=sys.stderr)
        return 2
    path = Path(argv[0]) if argv else DEFAULT_PO
    po = polib.pofile(str(path), encoding="utf-8", wrapwidth=79)
    filled, missing = fill(po)
    po.save(str(path))
    print(f"{path}: filled {filled}, {len(po.translated_entries())} of {len(po)} translated")
    if missing:
        print(f"{len(missing)} msgid(s) have no translation in ZH:", *missing, sep="\n  ")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
