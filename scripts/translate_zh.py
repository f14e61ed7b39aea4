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
refused; for a plural entry they are compared with those of the singular and plural msgids together, since
Chinese has one form, used for every count. Terminology: docs/translations.md.
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
    # plan metric sources
    "prepackaged-goods inspections": "定量包装商品净含量抽查",
    "energy-metering online data": "能源计量在线采集数据",
    "measurement standards registry": "计量标准档案",
    "due within (days)": "N 天内到期",
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
    # apps, navigation, overview page, plan-target status
    "Comparisons": "计量比对",
    "Mandatory verification": "强制检定",
    "Energy-resource metering": "能源资源计量",
    "Plans": "规划",
    "Public portal": "公众服务",
    "Prepackaged goods": "定量包装商品",
    "Measurement standards": "计量标准",
    "Plan": "规划",
    "Overview": "概览",
    "Evidence": "佐证材料",
    "Energy metering": "能源计量",
    "Instruments": "计量器具",
    "Net content": "净含量",
    "Prepackage lots": "检验批",
    "Sampling campaigns": "抽查任务",
    "C-mark declarations": "C 标志声明",
    "Standards": "计量标准",
    "Re-examination due": "到期复查",
    "Verifications": "检定记录",
    "Certificates": "证书",
    "Reminders": "到期提醒",
    "Inspection rate, all instruments": "受检率（全部强检计量器具）",
    "Key-managed instruments (target ≥ 95 %%)": "国家重点管理计量器具（目标 ≥ 95 %%）",
    "The four household meters (target ≥ 98 %%)": "民用四表（目标 ≥ 98 %%）",
    "Overdue instruments": "超期未检计量器具",
    "All inspection figures": "全部受检率统计",
    "Nothing overdue.": "没有超期未检的计量器具。",
    "Inspection rate by district and county, %(year)s to date": "各县（市、区）受检率（%(year)s 年至今）",
    "met": "达标",
    "on track": "按进度",
    "behind": "滞后",
    "no data": "暂无数据",
    "Show": "查询",
    "Print": "打印",
    "Back": "返回",
    "Create": "生成",
    "None.": "无。",
    "Definitions": "口径说明",
    "Definition": "口径说明",
    "This field is required.": "此项为必填项。",
    "Change this through its own action.": "请通过相应的专门操作修改此项。",
    "The period ends before it starts.": "截止日期早于起始日期。",
    "from": "自",
    "to": "至",
    "as of": "截至日期",
    "date": "日期",
    "day": "日期",
    "time": "时间",
    "year": "年度",
    "format": "格式",
    "status": "状态",
    "reason": "原因",
    "source": "来源",
    "detail": "详情",
    "value": "数值",
    "quantity": "数量",
    "measured quantity": "被测量",
    "unit": "单位",
    "units": "家",
    "items": "项",
    "scope": "范围",
    "period": "考核周期",
    "order": "排序",
    "section": "章节",
    "edition": "版本",
    "open": "待处理",
    "By district and county": "按县（市、区）",
    "By instrument type": "按计量器具种类",
    # mandatory verification (强制检定): instruments, verifications, dues, reminders
    "in use": "在用",
    "out of use": "停用",
    "scrapped": "报废",
    "pass": "合格",
    "fail": "不合格",
    "all instruments under mandatory verification": "全部强制检定计量器具",
    "the four household meters": "民用四表",
    "key-managed instruments": "国家重点管理计量器具",
    "due soon": "即将到期",
    "overdue": "超期未检",
    "instrument set": "器具范围",
    "owner": "使用单位",
    "owners": "使用单位",
    "Owners": "使用单位",
    "owner credit code": "使用单位统一社会信用代码",
    "owner (unified social credit code)": "使用单位（统一社会信用代码）",
    "due before": "应检日期早于",
    "figure": "统计指标",
    "result": "检定结果",
    "verified from": "检定日期自",
    "verified until": "检定日期至",
    "instrument": "计量器具",
    "instruments": "计量器具",
    "Instrument": "计量器具",
    "institution": "检定机构",
    "institution credit code": "检定机构统一社会信用代码",
    "instrument (register number)": "计量器具（登记编号）",
    "instrument register number": "计量器具登记编号",
    "register number": "登记编号",
    "serial number": "出厂编号",
    "manufacturer": "制造单位",
    "model": "型号规格",
    "accuracy class": "准确度等级",
    "measuring range": "测量范围",
    "location": "安装地点",
    "site region": "安装地行政区划",
    "site region code": "安装地行政区划代码",
    "Where the instrument is installed, when not in the owner's region.": (
        "计量器具安装地不在使用单位所在行政区划时填写。"
    ),
    "use": "使用领域",
    "put into use on": "启用日期",
    "out of use / scrapped on": "停用/报废日期",
    "next due on": "下次应检日期",
    "verifier qualification number": "检定员证编号",
    "verified on": "检定日期",
    "measurement standard used": "所用计量标准",
    "measurement standard used (code)": "所用计量标准（代码）",
    "standard used": "所用计量标准",
    "readings summary": "检定数据摘要",
    "verification": "检定",
    "voided at": "作废时间",
    "reason for voiding": "作废原因",
    "voided": "已作废",
    "Voided": "已作废",
    "verification record": "检定记录",
    "verification records": "检定记录",
    "first verification only": "只做首次强制检定",
    "initial verification": "首次检定",
    "in use from": "启用日期",
    "opened on": "生成日期",
    "due on": "应检日期",
    "cancelled on": "注销日期",
    "relevant until": "统计相关截止日期",
    "verification due": "应检记录",
    "verification dues": "应检记录",
    "Dues": "应检记录",
    "reminder": "到期提醒",
    "reminders": "到期提醒",
    "Nothing due.": "暂无到期事项。",
    "Institutes record verifications; owners register their instruments.": (
        "检定记录由计量技术机构录入；计量器具由使用单位登记。"
    ),
    "Choose out of use or scrapped.": "请选择停用或报废。",
    "Verifications are recorded by a metrology institution.": "检定记录须由计量检定机构录入。",
    "Only the institution itself or the bureau records its verifications.": (
        "只有该机构本身或市局可以录入其检定记录。"
    ),
    "A verification cannot be in the future.": "检定日期不能晚于今天。",
    "The verifier does not work for this institution.": "该检定员不属于本机构。",
    "%(verifier)s holds no qualification for %(type)s in force on %(date)s.": (
        "%(verifier)s 在 %(date)s 没有有效的 %(type)s 检定员证。"
    ),
    "The instrument was retired before this date.": "该计量器具在此日期之前已停用或报废。",
    "Record a verification": "录入检定记录",
    "Take out of use / scrap": "停用/报废",
    "Not verified yet.": "尚未检定。",
    # certificates (检定证书 / 检定结果通知书) and the public certificate check
    "verification certificate": "检定证书",
    "notice of non-conformity": "检定结果通知书",
    "valid": "有效",
    "number": "编号",
    "check code": "查验码",
    "issued at": "出具时间",
    "revoked at": "撤销时间",
    "reason for revocation": "撤销原因",
    "replaces": "替代证书",
    "certificate": "证书",
    "certificates": "证书",
    "certificate sequence": "证书流水号",
    "certificate sequences": "证书流水号",
    "issue a replacement": "同时换发新证书",
    "Say why the certificate is revoked.": "请说明撤销证书的原因。",
    "This certificate is already revoked.": "该证书已被撤销。",
    "Only the issuing institution or the bureau revokes a certificate.": (
        "只有出具证书的机构或市局可以撤销证书。"
    ),
    "Revoke / reissue": "撤销/换发",
    "Revoked": "已撤销",
    "Replaces": "替代",
    "Replaced by": "已被替代为",
    "Verification": "检定记录",
    "Public check code": "公开查验码",
    "public check page": "公开查验页面",
    "REVOKED": "已撤销",
    "Scan to check": "扫码查验",
    "Certificate number": "证书编号",
    "Check this certificate at": "本证书可在以下网址查验：",
    "Revoke": "撤销",
    "An issued certificate is never edited. Without a replacement, its verification no longer counts.": (
        "已出具的证书不能修改。若不换发新证书，其对应的检定将不再计入统计。"
    ),
    "Revoked %(old)s and issued %(new)s.": "已撤销 %(old)s 并换发 %(new)s。",
    "Revoked %s.": "已撤销 %s。",
    "Certificate check": "证书查验",
    "Check": "查验",
    "This certificate has been revoked.": "该证书已被撤销。",
    "This certificate is genuine.": "该证书真实有效。",
    "No certificate with this number or code.": "未找到与该编号或查验码对应的证书。",
    # inspection figures (受检率)
    "Inspection figures": "受检率统计",
    "inspection rate": "受检率",
    "valid coverage on": "有效覆盖率，截至",
    "verified / due": "已检/应检",
    "inspection rate = instruments verified in the period ÷ instruments due in it (periodic types: a due "
    "date on or before the end still open at the start; first-verification-only types: put into use in the "
    "period); valid coverage = in-use instruments holding an unexpired passing verification ÷ in-use "
    "instruments.": (
        "受检率 = 统计期内已检定的计量器具数 ÷ 统计期内应检的计量器具数（周期检定的种类："
        "应检日期不晚于期末、且期初尚未检定；只做首次强制检定的种类：统计期内投入使用）；有效覆盖率 = "
        "持有未过期的合格检定的在用计量器具数 ÷ 在用计量器具数。"
    ),
    "Inspection rate by district and county, %(start)s – %(end)s": (
        "各县（市、区）受检率，%(start)s – %(end)s"
    ),
    # measurement standards (计量标准), approval certificates (考核证书), re-examination (复查)
    "Standard": "计量标准",
    "standard": "计量标准",
    "measurement standard": "计量标准",
    "measurement standards": "计量标准",
    "holder": "建标单位",
    "city public standard": "市级社会公用计量标准",
    "county public standard": "县级社会公用计量标准",
    "department highest standard": "部门最高计量标准",
    "enterprise highest standard": "企事业单位最高计量标准",
    "authorized institution's standard": "授权计量技术机构的计量标准",
    "in service": "在用",
    "suspended": "暂停使用",
    "retired": "已注销",
    "expanded uncertainty U (k=2)": "扩展不确定度 U（k=2）",
    "maximum permissible error": "最大允许误差",
    "issued": "已颁发",
    "superseded by a renewal": "已换证",
    "stability check": "稳定性考核",
    "repeatability check": "重复性试验",
    "holder's region (with subdivisions)": "建标单位所在行政区划（含下级）",
    "holder credit code": "建标单位统一社会信用代码",
    "holder (unified social credit code)": "建标单位（统一社会信用代码）",
    "valid on": "有效日期",
    "certificate number": "证书编号",
    "standard code": "计量标准代码",
    "valid until before": "有效期早于",
    "lapsed by": "失效日期不晚于",
    "Approval certificates hold %(years)s years and re-examination is due %(months)s months before expiry "
    "by default: UNCONFIRMED defaults (the 计量标准考核办法 / JJF 1033-2023 text was not checked); set "
    "JILIANG_STANDARD_APPROVAL_YEARS and JILIANG_STANDARD_REEXAM_LEAD_MONTHS.": (
        "默认考核证书有效期为 %(years)s 年，有效期满前 %(months)s 个月应申请复查："
        "此默认值未经核实（未核对《计量标准考核办法》/ JJF 1033-2023 原文）；可通过 "
        "JILIANG_STANDARD_APPROVAL_YEARS 和 JILIANG_STANDARD_REEXAM_LEAD_MONTHS 设置。"
    ),
    "Blank: the default validity. %s": "留空则采用默认有效期。%s",
    "Numbers separated by spaces or commas: the group means (stability) or the repeats.": (
        "以空格或逗号分隔的数值：各组测量平均值（稳定性考核）或各次重复测量值（重复性试验）。"
    ),
    "Every reading must be a number.": "每个读数都必须是数字。",
    "suspend": "暂停使用",
    "resume": "恢复使用",
    "retire": "注销",
    "revoked from": "撤销日期",
    "discipline code": "学科代码",
    "uncertainty, accuracy class or MPE": "不确定度、准确度等级或最大允许误差",
    "accuracy stated as": "准确度表示方式",
    "accuracy (number)": "准确度（数值）",
    "accuracy unit": "准确度单位",
    "smallest MPE of the instruments it verifies": "被检计量器具最大允许误差的最小值",
    "unit of that MPE": "该最大允许误差的单位",
    "As stated on the approval certificate, e.g. Urel = 0.02 % (k=2), class 0.05, MPE ±0.5 mg.": (
        "按计量标准考核证书所载填写，例如 Urel = 0.02 % (k=2)、0.05 级、MPE ±0.5 mg。"
    ),
    '"%" for a relative value.': "相对值填“%”。",
    "instrument types it verifies": "可检定的计量器具种类",
    "suspended on": "暂停日期",
    "retired on": "注销日期",
    "resumed on": "恢复日期",
    "issued on": "发证日期",
    "revoked on": "撤销日期",
    "renews": "换发的原证书",
    "approval certificate": "计量标准考核证书",
    "approval certificates": "计量标准考核证书",
    "Approval certificates": "计量标准考核证书",
    "approval valid until": "考核证书有效期至",
    "performed on": "实施日期",
    "observed": "实测值",
    "acceptance limit": "允许限",
    "acceptance criterion": "判定依据",
    "performed by": "实施人",
    "standard check": "计量标准核查",
    "standard checks": "计量标准核查",
    "failed check": "未通过的核查",
    "suspension": "暂停使用记录",
    "suspensions": "暂停使用记录",
    "Suspensions": "暂停使用记录",
    "%(standard)s is not held by %(institution)s.": "%(standard)s 不属于 %(institution)s。",
    "%(standard)s is not valid on %(day)s (approval certificate, suspension).": (
        "%(standard)s 在 %(day)s 无效（考核证书失效或暂停使用）。"
    ),
    "%(standard)s does not cover the instrument type %(type)s.": "%(standard)s 不能开展 %(type)s 的检定。",
    "A public standard is held by a legal metrology institution.": (
        "社会公用计量标准须由法定计量检定机构建立。"
    ),
    "A county public standard is held by a district or county institution.": (
        "县级社会公用计量标准须由县（市、区）级机构建立。"
    ),
    "A city public standard is held by the city's institution.": "市级社会公用计量标准须由市级机构建立。",
    "An authorized institution's standard is held by an authorized institution.": (
        "授权计量技术机构的计量标准须由授权计量技术机构建立。"
    ),
    "Say why the standard is suspended.": "请说明暂停使用的原因。",
    "Only a standard in service can be suspended.": "只有在用的计量标准才能暂停使用。",
    "Say why the standard returns to service.": "请说明恢复使用的原因。",
    "The standard is not suspended.": "该计量标准未暂停使用。",
    "A standard resumes after the day it was suspended.": "恢复日期须晚于暂停日期。",
    "Say why the standard is retired.": "请说明注销的原因。",
    "The standard is already retired.": "该计量标准已注销。",
    "A retired standard gets no approval certificate.": "已注销的计量标准不能颁发考核证书。",
    "A renewal is issued after the certificate it renews.": "换发证书的发证日期须晚于原证书。",
    "renewed by %s": "已换发为 %s",
    "Give the readings as a list of numbers.": "请以数值列表的形式给出读数。",
    "Give at least two readings.": "请至少给出两个读数。",
    "The acceptance limit must be a positive number.": "允许限必须为正数。",
    "failed %(kind)s on %(day)s: %(observed)s %(unit)s against %(limit)s": (
        "%(day)s %(kind)s未通过：实测 %(observed)s %(unit)s，允许限 %(limit)s"
    ),
    "A revoked approval certificate is in force until the day before the revocation; the standard is not "
    "valid afterwards unless it holds another certificate.": (
        "被撤销的考核证书有效至撤销日期的前一天；此后除非该计量标准持有其他有效的考核证书，否则不再有效。"
    ),
    "Renew after re-examination": "复查后换证",
    "Record a calibration": "录入校准记录",
    "Record a check": "录入核查记录",
    "Issue an approval certificate": "颁发考核证书",
    "Suspend / resume / retire": "暂停/恢复/注销",
    "No approval certificate.": "没有考核证书。",
    "Stability and repeatability checks": "稳定性考核和重复性试验",
    "No check recorded.": "没有核查记录。",
    "Standards in service whose approval certificate lapses within %(months)s months, or has lapsed: apply "
    "for re-examination (复查) before it lapses.": (
        "考核证书将在 %(months)s 个月内到期或已过期的在用计量标准：请在证书到期前申请复查。"
    ),
    "days left": "剩余天数",
    "lapsed": "已过期",
    "new standards to plan": "拟新建计量标准数",
    # traceability (溯源), calibration links, reverse trace and coverage (量传溯源)
    "Traceability": "溯源",
    "Traceability chain": "溯源链",
    "Traceability coverage": "溯源覆盖率",
    "Coverage on %(day)s": "%(day)s 覆盖率",
    "plan target: 95 %% or more": "规划目标：95 %% 及以上",
    "Coverage = in-use instruments under mandatory verification whose type is covered by at least one valid "
    "local public standard (a city public standard, or a county public standard of the instrument's "
    "district or county) ÷ all such instruments. Valid: approval certificate in force that day and not "
    "suspended.": (
        "覆盖率 = 其种类至少有一项有效的本地社会公用计量标准（市级社会公用计量标准，或计量器具所在县（市、"
        "区）的县级社会公用计量标准）覆盖的在用强制检定计量器具数 ÷ 全部在用强制检定计量器具数。有效："
        "当日考核证书在有效期内且未暂停使用。"
    ),
    "Only the instruments in your scope are counted.": "仅统计您管辖范围内的计量器具。",
    "Build-out planner": "建标规划",
    "The next %(counter)s public standard to establish for the largest gain in coverage (greedy maximum "
    "coverage):": ("为最大程度提高覆盖率，下一步应新建的 %(counter)s 项社会公用计量标准（贪心最大覆盖）："),
    "gain (instruments)": "新增覆盖（台件）",
    "coverage after": "建成后覆盖率",
    "Nothing left to cover.": "已全部覆盖。",
    "covered": "已覆盖",
    "rate": "覆盖率",
    "not covered, by district / county": "未覆盖，按县（市、区）",
    "city level": "市级",
    "No instruments in use.": "没有在用的计量器具。",
    "Reverse trace": "反向追溯",
    "Reverse trace (impact)": "反向追溯（影响范围）",
    "When a standard is found out of tolerance, suspended or its certificate lapses: everything that "
    "depended on it in the window — the standards it calibrated (and, from their calibration, what they "
    "calibrated), the verifications made with any of them and the certificates issued, the instruments and "
    "their owners.": (
        "当某项计量标准被发现超差、暂停使用或其证书失效时，列出时间范围内依赖它的全部对象："
        "经其校准的计量标准（以及自校准之日起经这些标准校准的对象）、"
        "使用其中任一标准开展的检定及出具的证书、相关计量器具及其使用单位。"
    ),
    "Impact %(start)s – %(end)s": "影响范围 %(start)s – %(end)s",
    "standards calibrated with it": "经其校准的计量标准",
    "Standards calibrated with it": "经其校准的计量标准",
    "certificates and notices": "证书和通知书",
    "suspect from": "存疑起始日期",
    "levels below": "下级层数",
    "Verification records and certificates": "检定记录和证书",
    "No standard with this code in your scope.": "您的管辖范围内没有此代码的计量标准。",
    "national metrology institute (NIM)": "中国计量科学研究院",
    "provincial metrology institute": "省级计量科学研究院",
    "another national metrology institute": "其他国家计量院",
    "other calibration laboratory": "其他校准实验室",
    "calibration": "校准",
    "calibrated by (standard code)": "上级计量标准（代码）",
    "calibrated by (external reference id)": "上级溯源机构（外部溯源 ID）",
    "accepted root of traceability": "公认的溯源源头",
    "calibrated on": "校准日期",
    "stated uncertainty": "证书给出的不确定度",
    "stated uncertainty (number)": "证书给出的不确定度（数值）",
    "uncertainty unit": "不确定度单位",
    "traced to": "溯源至",
    "external reference": "外部溯源机构",
    "external references": "外部溯源机构",
    "standard calibrated": "被校计量标准",
    "calibrated by (local standard)": "上级计量标准（本地）",
    "calibrated by (external)": "上级溯源机构（外部）",
    "calibrated by": "上级溯源",
    "calibration link": "溯源关系",
    "calibration links": "溯源关系",
    "calibration certificate not in force": "校准证书不在有效期内",
    "the calibrating standard had no approval certificate in force": "上级计量标准没有有效的考核证书",
    "the calibrating standard was suspended or retired": "上级计量标准已暂停使用或注销",
    "the calibrating standard was not valid on the calibration date": "校准日上级计量标准无效",
    "uncertainty ratio exceeded": "不确定度比超限",
    "missing link: no recorded calibration and not an accepted root": (
        "溯源缺失：无校准记录，且不是公认的溯源源头"
    ),
    "the calibrating item is not in the registry": "上级溯源对象未登记",
    "cycle: the chain returns to an item already on it": "循环：溯源链回到了链上已有的对象",
    "no approval certificate in force": "没有有效的考核证书",
    "suspended or retired": "已暂停使用或注销",
    "holds": "有效",
    "BROKEN": "中断",
    "Name either the local standard or the external reference that calibrated it.": (
        "请填写校准它的本地计量标准或外部溯源机构（二者之一）。"
    ),
    "A standard does not calibrate itself.": "计量标准不能校准自身。",
    "The chain holds up to an accepted root.": "全部 %(counter)s 条溯源链均可溯源至公认的溯源源头。",
    "Traceability is broken.": "溯源链中断。",
    "First broken link": "首个中断环节",
    "first broken link": "首个中断环节",
    "Too many chains: the list is cut short.": "溯源链过多：列表已截断。",
    "A link holds when its certificate is in force on the day, the calibrating standard is approved and not "
    "suspended (on the day and on the calibration date), and the calibration uncertainty is at most "
    "%(ratio)s of the uncertainty or MPE of what it calibrates (JJF 1094).": (
        "溯源环节成立的条件：校准证书在当日有效，上级计量标准经考核合格且未暂停使用（当日及校准日均如此），"
        "且校准不确定度不超过被校对象不确定度或最大允许误差的 %(ratio)s（JJF 1094）。"
    ),
    "ratio": "不确定度比",
    "missing link": "溯源缺失",
    "Chains": "溯源链",
    "root": "溯源源头",
    "links": "环节数",
    "Calibrations of this standard": "本计量标准的校准记录",
    "No calibration recorded.": "没有校准记录。",
    "Standards it calibrates (in force)": "由其校准的计量标准（有效）",
    "All calibrations made with this standard": "用本计量标准开展的全部校准",
    "readings": "读数",
    # energy metering (能源计量): key energy-using units, meters, readings, tce
    "Give the token after Bearer.": "请在 Bearer 之后给出令牌。",
    "Unknown or revoked ingest token.": "接入令牌无效或已被撤销。",
    "national key list (10 000 enterprises)": "国家重点用能单位名单（万家企业）",
    "provincial key list": "省级重点用能单位名单",
    "city key list": "市级重点用能单位名单",
    "electricity": "电力",
    "natural gas": "天然气",
    "raw coal": "原煤",
    "washed coal": "洗精煤",
    "coke": "焦炭",
    "crude oil": "原油",
    "fuel oil": "燃料油",
    "gasoline": "汽油",
    "kerosene": "煤油",
    "diesel": "柴油",
    "liquefied petroleum gas": "液化石油气",
    "oilfield natural gas": "油田天然气",
    "coke-oven gas": "焦炉煤气",
    "steam": "蒸汽",
    "heat": "热力",
    "water": "水",
    "compressed air": "压缩空气",
    "oxygen": "氧气",
    "entering / leaving the unit": "进出用能单位",
    "major sub-unit": "主要次级用能单位",
    "major equipment": "主要用能设备",
    "cumulative register": "累计读数",
    "interval value": "时段用量",
    "10⁴ m³": "万 m³",
    "demo data": "演示数据",
    "gap": "数据缺失",
    "register rollover": "表码翻转",
    "meter replaced or reset": "换表或清零",
    "spike above the physical maximum": "超出物理上限的突变",
    "flat line": "读数长时间不变",
    "timestamp in the future": "时间戳晚于当前时间",
    "meter verification expired": "计量器具超期未检",
    "repeated with a different value": "重复上报且数值不同",
    "confirmed fault": "确认故障",
    "dismissed": "已排除",
    "corrected": "已修正",
    "equivalent value (当量值)": "当量值",
    "equal value (等价值)": "等价值",
    "key-unit list": "重点用能单位名单",
    "energy type": "能源种类",
    "meter": "能源计量器具",
    "meters": "能源计量器具",
    "Meters": "能源计量器具",
    "organization (unified social credit code)": "单位（统一社会信用代码）",
    "register entry (register number)": "强检器具登记（登记编号）",
    "register entry": "强检器具登记",
    "decision": "处理结果",
    "corrected value": "修正值",
    "keep the stored value": "保留已存数值",
    "adopt the value received later": "采用后收到的数值",
    "token name": "令牌名称",
    "meter code": "器具编码",
    "metering point": "计量点",
    "unit of measure": "计量单位",
    "reading kind": "读数类型",
    "multiplier (CT/PT ratio)": "倍率（CT/PT 变比）",
    "expected interval (minutes)": "应报间隔（分钟）",
    "register wraps at": "表码翻转值",
    "physical maximum per hour": "每小时物理上限",
    "received at": "接收时间",
    "reference": "来源标识",
    "accepted": "已接收",
    "duplicates": "重复",
    "conflicts": "冲突",
    "rejected": "已拒收",
    "ingest batch": "接入批次",
    "ingest batches": "接入批次",
    "reading": "读数",
    "stored value": "已存数值",
    "value received": "收到的数值",
    "reading conflict": "读数冲突",
    "reading conflicts": "读数冲突",
    "topic / endpoint": "主题/接口",
    "position in the payload": "在报文中的位置",
    "raw payload": "原始报文",
    "dead letter": "异常数据",
    "dead letters": "异常数据",
    "resolved at": "处理时间",
    "quality flag": "数据质量标记",
    "quality flags": "数据质量标记",
    "consumption": "消耗量",
    "readings received": "已收读数",
    "readings expected": "应收读数",
    "readings from an unverified meter": "来自超期未检器具的读数",
    "daily consumption": "日消耗量",
    "basis": "折算基准",
    "per": "计量单位",
    "kgce per unit": "折标系数（kgce/单位）",
    "confirmed against the standard": "已与标准原文核对",
    "in force": "有效",
    "standard-coal coefficient": "折标准煤系数",
    "standard-coal coefficients": "折标准煤系数",
    "Standard-coal coefficients": "折标准煤系数",
    "required equipping rate (%)": "要求配备率（%）",
    "equipping-rate requirement": "配备率要求",
    "equipping-rate requirements": "配备率要求",
    "required accuracy": "准确度等级要求",
    "accuracy requirement": "准确度等级要求",
    "accuracy requirements": "准确度等级要求",
    "listed in year": "列入年份",
    "annual comprehensive consumption (tce)": "年综合能源消费量（吨标准煤）",
    "energy manager": "能源管理负责人",
    "energy manager phone": "能源管理负责人电话",
    "energy manager e-mail": "能源管理负责人电子邮箱",
    "electricity conversion": "电力折算方式",
    "key energy-using units": "重点用能单位",
    "token begins with": "令牌前缀",
    "ingest token": "接入令牌",
    "ingest tokens": "接入令牌",
    "Ingest token": "接入令牌",
    "Ingest tokens": "接入令牌",
    "meters required": "应配备数量",
    "metering requirement": "计量器具配备要求",
    "metering requirements": "计量器具配备要求",
    "net calorific value (kJ)": "低位发热量（kJ）",
    "measured calorific value": "实测发热量",
    "measured calorific values": "实测发热量",
    "month (first day)": "月份（首日）",
    "submitted at": "报送时间",
    "monthly statement": "月报",
    "monthly statements": "月报",
    "Institutes do not manage energy-using units.": "计量技术机构不管理用能单位。",
    "%(org)s is not flagged as a key energy-using unit.": "%(org)s 未标记为重点用能单位。",
    "A unit's organization cannot change.": "用能单位对应的单位不能更改。",
    "Readings are keyed by this; add a new meter instead.": (
        "读数以此为标识，不能修改；请改为新增一台计量器具。"
    ),
    "%(energy)s is converted per %(unit)s; choose a unit of that kind.": (
        "%(energy)s 按 %(unit)s 折算，请选择同类的计量单位。"
    ),
    "The register entry belongs to another owner.": "该强检器具登记属于其他使用单位。",
    "This token is already revoked.": "该令牌已被撤销。",
    "Choose confirmed, dismissed or corrected.": "请选择确认故障、已排除或已修正。",
    "A correction needs the corrected value.": "修正时须填写修正值。",
    "GB 17167-2006 Tables 1 and 3 as loaded are not confirmed against the standard's text "
    "(reference/domain.md §4.1): rows marked unconfirmed should be checked against a primary source and "
    "corrected here.": (
        "已载入的 GB 17167-2006 表 1 和表 3 尚未与标准原文核对（见 reference/domain.md §4.1）："
        "标为未核对的行应对照原始文献核对，并在此修正。"
    ),
    "Table 1: equipping rates": "表 1：配备率",
    "Table 3: accuracy": "表 3：准确度等级",
    "Quality flags": "数据质量标记",
    "Conflicts": "读数冲突",
    "Dead letters": "异常数据",
    "GB 17167 tables": "GB 17167 表格",
    "key units online in real time (plan target)": "实时在线的重点用能单位（规划目标）",
    "of %(total)s registered units": "共 %(total)s 家在册单位",
    "national-list units online": "国家名单单位在线率",
    "consumption (tce)": "消耗量（吨标准煤）",
    "open quality flags": "待处理的数据质量标记",
    "Open quality flags": "待处理的数据质量标记",
    "conflicting readings": "冲突读数",
    "dead letters in the last 24 h": "近 24 小时异常数据",
    "Top consumers": "用能大户",
    "No consumption in this period.": "本期无能源消耗。",
    "Alerts: units not online": "告警：未在线单位",
    "Every unit is online.": "所有单位均在线。",
    "A unit is online when its entering / leaving meters delivered at least 90 %% of the readings they owe "
    "over the past 24 hours. Electricity converts at the equivalent value (当量值, 0.1229 kgce/kWh) unless "
    "a unit chose the equal value.": (
        "用能单位进出计量器具在过去 24 小时内上报的读数达到应报数量的 90 %% 及以上，即视为在线。"
        "电力按当量值（0.1229 kgce/kWh）折算，单位选择等价值的除外。"
    ),
    "Resolve a conflicting reading": "处理冲突读数",
    "Defaults are the GB/T 2589-2008 Appendix A and B coefficients; whether the 2020 edition changed them "
    "is not confirmed. Rows marked unconfirmed (electricity's equal value, the working media) need a "
    "primary source. Only one coefficient per energy type and basis is in force.": (
        "默认值为 GB/T 2589-2008 附录 A 和附录 B 的系数；2020 版是否修改尚未核实。"
        "标为未核对的行（电力的等价值、耗能工质）需要原始文献佐证。每种能源、每种折算基准只能有一个有效系数。"
    ),
    "Resolve a quality flag": "处理数据质量标记",
    "A correction is used in consumption figures; the reading as received is kept unchanged.": (
        "修正值用于消耗量统计；收到的原始读数保持不变。"
    ),
    "Resolve": "处理",
    "Copy the token now: it is shown this once and only its hash is kept.": (
        "请立即复制令牌：令牌仅显示这一次，系统只保存其哈希值。"
    ),
    "Send readings with the header": "上报读数：携带请求头",
    "Back to the unit": "返回用能单位",
    "Add a meter": "新增能源计量器具",
    "No open flags.": "没有待处理的标记。",
    "Energy-metering review (GB 17167-2006)": "能源计量器具配备审查（GB 17167-2006）",
    "%(n)s required rate used here is not confirmed against the standard's text.": (
        "此处使用的 %(n)s 项要求配备率尚未与标准原文核对。"
    ),
    "See the tables": "查看表格",
    "installed / required": "已配/应配",
    "equipping rate": "配备率",
    "required (Table 1)": "要求（表 1）",
    "unconfirmed": "未核对",
    "The unit has declared no metering requirements.": "该单位尚未申报计量器具配备要求。",
    "Shortfalls": "不足项",
    "Daily vs monthly data": "日数据与月报对比",
    "sum of daily data": "日数据合计",
    "deviation": "偏差",
    "Issue a token": "生成令牌",
    "Consumption by energy type, %(start)s – %(end)s (tce)": (
        "各能源种类消耗量，%(start)s – %(end)s（吨标准煤）"
    ),
    "Daily completeness per meter": "各计量器具每日数据完整率",
    "Daily consumption (tce)": "日消耗量（吨标准煤）",
    # plans (规划), targets (目标), assessment (检查考核), evidence (佐证材料)
    "established": "建成",
    "the city as a whole": "全市",
    "each district and county": "各县（市、区）",
    "by the deadline": "期限内累计",
    "every year": "每年",
    "research project": "科研项目",
    "science and technology award": "科技奖励",
    "technical specification, regulation or local standard drafted": "起草的技术规范、规程或地方标准",
    "energy-efficiency label testing laboratory": "能效标识检测实验室",
    "pattern evaluation laboratory": "型式评价实验室",
    "industrial metrology test centre": "产业计量测试中心",
    "energy-resource metering platform": "能源资源计量平台",
    "city energy-resource metering centre": "市能源资源计量中心",
    "publicity event (3·15, 5·20, quality month)": "宣传活动（3·15、5·20、质量月）",
    "training session": "培训",
    "city": "市级",
    "provincial": "省级",
    "national": "国家级",
    "confirmed": "已确认",
    "no data source yet": "暂无数据源",
    "inspection rate of key-managed instruments": "国家重点管理计量器具受检率",
    "mandatory-verification register": "强制检定台账",
    "inspection rate of the four household meters": "民用四表受检率",
    "traceability coverage by local public standards": "本地社会公用计量标准溯源覆盖率",
    "city-level public measurement standards": "市级社会公用计量标准",
    "county-level public standards per county (average)": "县级社会公用计量标准（各县平均）",
    "public measurement standards in the city": "全市社会公用计量标准",
    "net-content sampling pass rate of prepackaged goods": "定量包装商品净含量抽查合格率",
    "instrument product quality sampling pass rate": "计量器具产品质量抽查合格率",
    "integrity-metrology demonstration units": "诚信计量示范单位",
    "integrity-metrology public commitment units": "诚信计量自我承诺单位",
    "key energy-using units online in real time": "实时在线的重点用能单位",
    "share of national-list key units online": "国家名单重点用能单位在线率",
    "provincial comparisons joined": "参加的省级计量比对",
    "city comparisons organized": "组织的市级计量比对",
    "experts in the city's metrology expert pool": "市计量专家库专家人数",
    "expert pool (registry)": "专家库（基础信息）",
    "confirmed evidence items": "已确认的佐证材料",
    "issuing body": "发文机关",
    "document number": "文号",
    "period starts": "规划期起",
    "period ends": "规划期止",
    "default plan": "默认规划",
    "plan": "规划",
    "plans": "规划",
    "text of the plan": "规划原文",
    "metric": "指标",
    "comparator": "比较方式",
    "target value": "目标值",
    "baseline": "基准值",
    "baseline date": "基准日期",
    "deadline": "完成期限",
    "target": "目标",
    "targets": "目标",
    "documents": "文件",
    "Document numbers or links, one per line.": "文号或链接，每行一个。",
    "confirmed by": "确认人",
    "confirmed at": "确认时间",
    "evidence item": "佐证材料",
    "evidence items": "佐证材料",
    "evidence": "佐证材料",
    "No CJK font is installed, so Chinese text cannot be rendered: install a font such as Debian's "
    "fonts-noto-cjk.": ("未安装中日韩字体，无法显示中文：请安装相应字体，例如 Debian 的 fonts-noto-cjk。"),
    "Already confirmed.": "已经确认过。",
    "Assessment report (PDF)": "检查考核报告（PDF）",
    "Assessment report": "检查考核报告",
    "%(region)s, as of %(date)s": "%(region)s，截至 %(date)s",
    "trend": "趋势",
    "expected": "按进度应达",
    "Confirmed": "已确认",
    "Not confirmed yet: it does not count in the plan's figures.": "尚未确认：不计入规划指标统计。",
    "Confirm": "确认",
    "Confirmed %s.": "已确认 %s。",
    # prepackaged goods (定量包装商品): campaigns (抽查), lots (批), net content (净含量), C mark
    "planned": "计划中",
    "in progress": "进行中",
    "closed": "已结束",
    "grain and edible oil": "粮油",
    "meat products": "肉制品",
    "dairy products": "乳制品",
    "beverages and liquor": "饮料和酒类",
    "snacks and bakery": "休闲食品和焙烤食品",
    "condiments": "调味品",
    "daily chemicals": "日化用品",
    "building materials": "建筑材料",
    "count (pieces)": "计数（件）",
    "at the producer": "生产环节",
    "on the market": "流通环节",
    "net contents measured directly": "直接测得的净含量",
    "gross weights minus the average tare": "毛重减平均皮重",
    "gross weights minus each package's own tare": "毛重减各件包装的皮重",
    "not judged yet": "未判定",
    "withdrawn": "已撤回",
    "campaign": "抽查任务",
    "Campaign": "抽查任务",
    "campaign id": "抽查任务 ID",
    "verdict": "判定结果",
    "product category": "商品类别",
    "sampled": "抽样环节",
    "producer": "生产者",
    "producer credit code": "生产者统一社会信用代码",
    "producer (unified social credit code)": "生产者（统一社会信用代码）",
    "sampled from": "抽样日期自",
    "sampled until": "抽样日期至",
    "inspecting institution credit code": "承检机构统一社会信用代码",
    "No organization with this credit code.": "没有该统一社会信用代码的单位。",
    "market or shop (credit code), when sampled on the market": (
        "市场或商店（统一社会信用代码），流通环节抽样时填写"
    ),
    "Staff of the campaign's inspecting institution.": "抽查任务承检机构的人员。",
    "measured values": "测量值",
    "One value per unit of the sample, in the unit of the nominal quantity; paste a column.": (
        "样本每件一个数值，单位与标注净含量相同；可直接粘贴一列。"
    ),
    "the values are": "测量值为",
    "tare values (empty packages)": "皮重值（空包装）",
    "reason for the change": "修改原因",
    "Needed when the lot has been judged already.": "该批已判定时必填。",
    "CSV or XLSX file": "CSV 或 XLSX 文件",
    "declared products (one per line)": "声明的商品（每行一个）",
    "product": "商品名称",
    "brand": "商标",
    "nominal quantity": "标注净含量",
    "production lot / date code": "生产批号/日期代码",
    "lot size (units)": "批量（件）",
    "market credit code": "市场统一社会信用代码",
    "sampled on": "抽样日期",
    "inspector ids (;-separated)": "检验人员 ID（以 ; 分隔）",
    "net contents (space- or ;-separated)": "净含量（以空格或 ; 分隔）",
    "column given twice": "列重复",
    "not used with the tare mode “%(mode)s”": "皮重方式为“%(mode)s”时不使用此列",
    "not a non-negative number: %s": "不是非负数：%s",
    "each package needs its own tare": "每件包装都需要各自的皮重",
    "the tare sample must be one block from row 2, without gaps": (
        "皮重样本须从第 2 行起连续填写，中间不能有空行"
    ),
    "less than its tare %s": "小于其皮重 %s",
    "the file holds no values": "文件中没有数值",
    "At most %(max)d values.": "最多 %(max)d 个数值。",
    "#%(n)d %(value)s is not a non-negative number": "第 %(n)d 个数值 %(value)s 不是非负数",
    "and %d more": "另有 %d 处",
    "Choose how the values become net contents.": "请选择由测量值得出净含量的方式。",
    "Enter the measured values.": "请输入测量值。",
    "Gross weights need the tare of the empty packages.": "测量毛重时须提供空包装的皮重。",
    "Each package needs its own tare: %(gross)d gross values, %(tares)d tares.": (
        "每件包装都需要各自的皮重：毛重 %(gross)d 个，皮重 %(tares)d 个。"
    ),
    "A lot of %(lot)d units needs a sample of n = %(n)d values (JJF 1070 附表4); %(given)d entered.": (
        "批量为 %(lot)d 件的批，样本量应为 n = %(n)d（JJF 1070 附表4）；已输入 %(given)d 个。"
    ),
    "organizer": "组织单位",
    "The organizing authority, e.g. 洛阳市市场监督管理局.": "组织抽查的机关，例如 洛阳市市场监督管理局。",
    "inspecting institution": "承检机构",
    "The organizer's jurisdiction: every lot of the campaign is sampled inside it.": (
        "组织单位的管辖区域：本任务的所有批均在该区域内抽样。"
    ),
    "starts on": "开始日期",
    "ends on": "结束日期",
    "sampling campaign": "抽查任务",
    "sampling campaigns": "抽查任务",
    "declaration number": "声明编号",
    "declared on": "声明日期",
    "withdrawn / revoked on": "撤回/撤销日期",
    "declared products": "声明的商品",
    "capability declaration": "计量保证能力声明",
    "capability declarations": "计量保证能力声明",
    "This producer already holds a declaration in force.": "该生产者已有有效的声明。",
    "market or shop": "市场或商店",
    "Where the sample was bought, when sampled on the market.": "流通环节抽样时的购样地点。",
    "inspectors": "检验人员",
    "tare": "皮重",
    "tare values": "皮重值",
    "tolerable negative error T": "允许短缺量 T",
    "rule of T": "T 的确定依据",
    "mean actual content": "平均实际含量",
    "sample standard deviation": "样本标准偏差",
    "correction factor λ": "修正因子 λ",
    "mean limit Qn − λ·s": "平均实际含量下限 Qn − λ·s",
    "mean requirement met": "平均实际含量符合要求",
    "T1 units": "T1 类短缺件数",
    "T2 units": "T2 类短缺件数",
    "T1 units allowed": "T1 类短缺允许件数",
    "T2 units allowed": "T2 类短缺允许件数",
    "reasons": "不合格原因",
    "Reasons": "不合格原因",
    "rule edition": "规则版本",
    "Rule edition": "规则版本",
    "rounding of T": "T 的修约方法",
    "judged at": "判定时间",
    "Judged at": "判定时间",
    "inspection lot": "检验批",
    "inspection lots": "检验批",
    "Inspection lots": "检验批",
    "Lots are inspected by a legal or authorized metrology institution.": (
        "检验批须由法定计量检定机构或授权计量技术机构检验。"
    ),
    "Campaigns are organized by the bureau or a county bureau.": "抽查任务由市局或县区局组织。",
    "The campaign has lots: this can no longer change.": "该抽查任务已有检验批，此项不能再修改。",
    "A lot was sampled on %(day)s, before this date.": "有检验批于 %(day)s 抽样，早于此日期。",
    "A lot was sampled on %(day)s, after this date.": "有检验批于 %(day)s 抽样，晚于此日期。",
    "Only the campaign's inspecting institution records its lots.": (
        "只有该抽查任务的承检机构可以录入其检验批。"
    ),
    "Inspection lots are recorded by the inspecting institution or the bureau.": (
        "检验批由承检机构或市局录入。"
    ),
    "The campaign is closed: reopen it to change its lots.": (
        "该抽查任务已结束：如需修改其检验批，请重新开启。"
    ),
    "Name the market or shop where the sample was bought.": "请填写购样的市场或商店。",
    "A lot sampled at the producer has no market.": "生产环节抽样的批不填写市场。",
    "A sample cannot be taken in the future.": "抽样日期不能晚于今天。",
    "Outside the campaign's period %(start)s – %(end)s.": "超出抽查任务期限 %(start)s – %(end)s。",
    "Sampled in %(region)s, outside the campaign's region %(campaign)s.": (
        "抽样地 %(region)s 不在抽查任务区域 %(campaign)s 内。"
    ),
    "%(names)s do(es) not work for the inspecting institution.": "%(names)s 不属于承检机构。",
    "Enter the measured values with their tares.": "请输入测量值及其皮重。",
    "This is computed, never entered.": "此项由系统计算，不能录入。",
    "The recorded sample no longer fits: %s": "已录入的样本不再符合要求：%s",
    "judged again": "重新判定",
    "The lot has been judged: say why its measurements change.": "该批已判定：请说明修改测量值的原因。",
    "measurements recorded": "已录入测量值",
    "Producers declare; the bureau keeps the register.": "声明由生产者提交，登记由市局管理。",
    "A new declaration is in force.": "已有新的声明生效。",
    "A declaration belongs to its producer.": "声明归属于其生产者，不能更改。",
    "A withdrawn or revoked declaration is final; file a new one.": (
        "已撤回或撤销的声明不能恢复；请重新提交声明。"
    ),
    "Only the bureau or a county bureau revokes a declaration.": "只有市局或县区局可以撤销声明。",
    "lots": "批数",
    "judged": "已判定",
    "passed": "合格",
    "pass rate": "合格率",
    "requirement": "要求",
    "found": "实测",
    "allowed": "允许",
    "units short by more than T = %(t)s %(unit)s and at most 2T = %(two)s %(unit)s (T1)": (
        "短缺量大于 T = %(t)s %(unit)s 且不大于 2T = %(two)s %(unit)s 的件数（T1）"
    ),
    "units short by more than 2T = %(two)s %(unit)s (T2)": "短缺量大于 2T = %(two)s %(unit)s 的件数（T2）",
    "no mean requirement for lots of 10 units or fewer": "批量不大于 10 件时不要求平均实际含量",
    "mean actual content q̄ ≥ Qn − λ·s": "平均实际含量 q̄ ≥ Qn − λ·s",
    "Tolerable negative error": "允许短缺量",
    "%(entered)s of %(required)s values entered": "已输入 %(entered)s / %(required)s 个数值",
    "The verdict appears as soon as the sample is complete.": "样本录入完整后即显示判定结果。",
    "%(n)s lot": "%(n)s 批",
    "Failed lots": "不合格批",
    "Record a lot": "录入检验批",
    "Producer's record": "生产者抽查记录",
    "Net content pass rate": "净含量合格率",
    "inspected": "受检",
    "failed": "不合格",
    "passed / inspected": "合格/受检",
    "By product category": "按商品类别",
    "No lot judged in this period.": "本期没有已判定的批。",
    "By producer (most failed lots first)": "按生产者（不合格批多者在前）",
    "pass rate = lots judged “pass” ÷ lots judged, counting the lots sampled in the period; lots not judged "
    "yet count in neither. A lot passes when no unit is short by more than 2T, at most the allowed number "
    "are short by more than T, and (lots over 10 units) the mean is at least Qn − λ·s (JJF 1070).": (
        "合格率 = 判定为“合格”的批数 ÷ 已判定的批数，按统计期内抽样的批统计；"
        "未判定的批既不计入分子也不计入分母。一批同时满足以下条件即为合格：没有短缺量大于 2T 的单件，"
        "短缺量大于 T 的件数不超过允许数，且（批量大于 10 件时）平均实际含量不小于 Qn − λ·s（JJF 1070）。"
    ),
    "Correct the measurements": "更正测量值",
    "Enter measurements": "录入测量值",
    "Inspection report": "检验报告",
    "Judgement": "判定",
    "Not judged yet: the sample of n = %(n)s units has not been measured.": (
        "尚未判定：样本量 n = %(n)s 件的样本尚未测量。"
    ),
    "Sample": "样本",
    "measured": "测量值",
    "net content": "净含量",
    "shortfall Qn − q": "短缺量 Qn − q",
    "Tare sample": "皮重样本",
    "Measurements": "测量值",
    "Back to the lot": "返回检验批",
    "sample size n (JJF 1070 附表4)": "样本量 n（JJF 1070 附表4）",
    "Save and judge": "保存并判定",
    "Or import a file": "或导入文件",
    "CSV (UTF-8 or GB18030) or XLSX with a header row: a column net (净含量) for net contents, or gross "
    "(毛重) and tare (皮重) for gross weights; one row per unit. If any row is wrong, nothing is saved and "
    "every bad row is listed.": (
        "CSV（UTF-8 或 GB18030 编码）或 XLSX 文件，首行为列名：净含量填在 net（净含量）列；测量毛重时填 "
        "gross（毛重）和 tare（皮重）两列；每件一行。只要有一行有误，全部数据均不保存，并逐行列出错误。"
    ),
    "%(n)s problem — nothing was saved.": "发现 %(n)s 处问题，未保存任何数据。",
    "the sample has not been measured": "样本尚未测量",
    "pass rate, all inspections": "合格率（全部抽查）",
    "Capability declarations (C mark)": "计量保证能力声明（C 标志）",
    "No declaration.": "没有声明。",
    "By year": "按年度",
    "No lot judged yet.": "尚无已判定的批。",
    "Judged %(lot)s: %(verdict)s.": "%(lot)s 已判定：%(verdict)s。",
    "Imported %(n)d values; judged %(lot)s: %(verdict)s.": (
        "已导入 %(n)d 个数值；%(lot)s 判定为：%(verdict)s。"
    ),
    "Pass rate by district and county, %(start)s – %(end)s": "各县（市、区）合格率，%(start)s – %(end)s",
    "Pass rate by year": "各年度合格率",
    # inter-laboratory comparisons (计量比对): rounds, points, participants, circulation, evaluation
    "star (back to the pilot after each laboratory)": "星形（每个实验室测量后返回主导实验室）",
    "ring (from laboratory to laboratory)": "环形（在实验室之间依次传递）",
    "open for results": "接收结果中",
    "submission closed": "报送已截止",
    "evaluated": "已评价",
    "value assigned by the pilot laboratory": "主导实验室给出的指定值",
    "weighted mean (Cox 2002, procedure A)": "加权平均值（Cox 2002，程序 A）",
    "arithmetic mean": "算术平均值",
    "median": "中位值",
    "robust mean (ISO 13528 Algorithm A)": "稳健平均值（ISO 13528 算法 A）",
    "satisfactory": "满意",
    "questionable": "有问题",
    "unsatisfactory": "不满意",
    "from year": "年度自",
    "to year": "年度至",
    "pilot or participant credit code": "主导实验室或参加实验室统一社会信用代码",
    "comparison code": "计量比对代码",
    "laboratory credit code": "实验室统一社会信用代码",
    "No measurement standard with this code.": "没有该代码的计量标准。",
    "pilot laboratory (unified social credit code)": "主导实验室（统一社会信用代码）",
    "Empty: after the last point.": "留空则排在最后一个测量点之后。",
    "laboratory (unified social credit code)": "实验室（统一社会信用代码）",
    "laboratory code": "实验室代码",
    "Empty: A, B, C … in order.": "留空则依次编为 A、B、C …",
    "first hand-over on": "首次交接日期",
    "days per laboratory": "每个实验室的天数",
    "evaluation method": "评价方法",
    "exclude discrepant results": "剔除不一致的结果",
    "measured value": "测量值",
    "expanded uncertainty U": "扩展不确定度 U",
    "coverage factor k": "包含因子 k",
    "measured on": "测量日期",
    "Required when the row is filled in.": "填写该行时此项必填。",
    "Enter the result of at least one measurement point.": "请至少填写一个测量点的结果。",
    "participant": "参加实验室",
    "measurement point": "测量点",
    "submitted by": "报送人",
    "d = x − X": "d = x − X",
    "U(d)": "U(d)",
    "En": "En",
    "z": "z",
    "ζ": "ζ",
    "in the reference value": "参与参考值计算",
    "excluded as discrepant": "因不一致被剔除",
    "results": "比对结果",
    "An expanded uncertainty is greater than zero.": "扩展不确定度必须大于零。",
    "A coverage factor is greater than zero.": "包含因子必须大于零。",
    "method": "评价方法",
    "reference value": "参考值",
    "standard uncertainty of the reference value": "参考值的标准不确定度",
    "drift component": "漂移分量",
    "χ² observed": "χ² 观测值",
    "χ² critical (95 %)": "χ² 临界值（95 %）",
    "degrees of freedom": "自由度",
    "consistent": "一致",
    "excluded laboratories": "剔除的实验室",
    "iterations": "迭代次数",
    "evaluated at": "评价时间",
    "evaluation": "评价",
    "evaluations": "评价",
    "flag on the standard": "计量标准预警标记",
    "finding": "发现的问题",
    "cause analysis": "原因分析",
    "action taken": "采取的措施",
    "closed on": "关闭日期",
    "corrective action": "纠正措施",
    "corrective actions": "纠正措施",
    "e.g. 洛阳市市场监督管理局": "例如 洛阳市市场监督管理局",
    "pilot laboratory": "主导实验室",
    "pilot laboratory outside the register": "主导实验室（未在平台登记的单位）",
    "e.g. 河南省计量科学研究院": "例如 河南省计量科学研究院",
    "travelling artefact": "传递标准",
    "protocol document": "比对实施方案",
    "Reference of the technical protocol (比对实施方案).": "比对实施方案的文号或名称。",
    "circulation": "传递方式",
    "results due by": "结果报送截止日期",
    "Weighted mean: drop the most discrepant result until the chi-squared check passes.": (
        "加权平均值法：逐个剔除最不一致的结果，直至通过 χ² 检验。"
    ),
    "submission closed at": "报送截止时间",
    "comparison": "计量比对",
    "comparisons": "计量比对",
    "position": "序号",
    "nominal value": "标称值",
    "assigned value": "指定值",
    "assigned value: expanded uncertainty": "指定值：扩展不确定度",
    "assigned value: k": "指定值：k",
    "σ for proficiency assessment": "能力评定标准差 σ",
    "artefact drift": "传递标准漂移",
    "measurement points": "测量点",
    "Must be greater than zero.": "必须大于零。",
    "Give the assigned value with its expanded uncertainty.": "请同时给出指定值及其扩展不确定度。",
    "laboratory": "实验室",
    "order in the circulation": "传递顺序",
    "outcome": "结论",
    "participants": "参加实验室",
    "leg": "交接次序",
    "planned hand-over": "计划交接日期",
    "sent on": "发出日期",
    "received on": "接收日期",
    "condition on receipt": "接收时状态",
    "custody hand-over": "传递标准交接",
    "custody hand-overs": "传递标准交接",
    "Only the laboratory concerned, the pilot or the bureau edit this action.": (
        "只有相关实验室、主导实验室或市局可以编辑此纠正措施。"
    ),
    "The action is closed.": "该纠正措施已关闭。",
    "The pilot laboratory or the bureau close a corrective action.": "纠正措施由主导实验室或市局关闭。",
    "The action is already closed.": "该纠正措施已经关闭。",
    "State this before the action is closed.": "关闭纠正措施前须填写此项。",
    "An action closes after it was opened.": "纠正措施的关闭日期不能早于其发起日期。",
    "corrective action closed (%(round)s)": "纠正措施已关闭（%(round)s）",
    "No result at point %(point)s.": "测量点 %(point)s 没有结果。",
    "Point %(point)s has no assigned value and uncertainty.": "测量点 %(point)s 没有指定值及其不确定度。",
    "Unsatisfactory result in %(round)s: %(points)s": "%(round)s 中比对结果不满意：%(points)s",
    "The comparison has no measurement point.": "该计量比对没有测量点。",
    "Close submission before evaluating.": "请先截止报送，再进行评价。",
    "A laboratory submits only its own results.": "实验室只能报送本实验室的结果。",
    "This point belongs to another comparison.": "该测量点属于其他计量比对。",
    "The comparison is not open for results.": "该计量比对当前不接收结果。",
    "Only the bureau and the pilot laboratory run this comparison.": (
        "只有市局和主导实验室可以管理该计量比对。"
    ),
    "The pilot is a legal or authorized metrology institution.": (
        "主导实验室须为法定计量检定机构或授权计量技术机构。"
    ),
    "A city comparison is piloted by a laboratory of the register.": (
        "市级计量比对的主导实验室须为平台已登记的单位。"
    ),
    "Name the pilot laboratory, from the register or outside it.": (
        "请指定主导实验室：从平台已登记的单位中选择，或填写未登记单位的名称。"
    ),
    "Name the pilot either from the register or outside it, not both.": (
        "主导实验室只能从已登记单位中选择或填写未登记单位的名称，二者不能同时填写。"
    ),
    "A county bureau records rounds piloted in its region.": "县区局只能录入由本辖区实验室主导的计量比对。",
    "Results are in: the pilot can no longer change.": "已有比对结果：主导实验室不能再更改。",
    "Only a planned comparison can be opened.": "只有计划中的计量比对才能开始接收结果。",
    "Add at least one measurement point first.": "请先新增至少一个测量点。",
    "Add at least one participant first.": "请先新增至少一个参加实验室。",
    "Only a comparison open for results can be closed.": "只有正在接收结果的计量比对才能截止报送。",
    "Measurement points are added while the comparison is planned.": "测量点只能在计量比对处于计划中时新增。",
    "Results are being taken: the point's label and unit are fixed.": (
        "已开始接收结果：测量点的名称和单位不能再修改。"
    ),
    "No laboratory code left.": "实验室代码已用完。",
    "The standard used must be one the laboratory holds.": "所用计量标准须为该实验室建立的计量标准。",
    "This laboratory already takes part.": "该实验室已参加本次计量比对。",
    "Submission is closed: no new participant.": "报送已截止：不能再新增参加实验室。",
    "The pilot laboratory provides the reference, not a result.": "主导实验室提供参考值，不报送比对结果。",
    "You may not change this.": "您无权修改此项。",
    "At least one day per laboratory.": "每个实验室至少一天。",
    "The artefact is already travelling: record hand-overs instead.": (
        "传递标准已开始传递：请改为录入交接记录。"
    ),
    "A hand-over cannot be recorded in the future.": "交接日期不能晚于今天。",
    "standard uncertainty": "标准不确定度",
    "including drift": "其中漂移分量",
    "χ² check": "χ² 检验",
    "not consistent": "不一致",
    "No result to show.": "暂无可显示的结果。",
    "excluded from the reference value by the consistency check": "经一致性检验，未计入参考值",
    "Comparison history": "计量比对记录",
    "Evaluation report": "评价报告",
    "Submit our results": "报送本实验室结果",
    "Open for results": "开始接收结果",
    "Close submission": "截止报送",
    "Evaluate again": "重新评价",
    "Evaluate": "评价",
    "Measurement points": "测量点",
    "No measurement point yet.": "尚无测量点。",
    "Add a measurement point": "新增测量点",
    "Participants": "参加实验室",
    "results submitted": "已报送结果",
    "change": "更改",
    "No participant yet.": "尚无参加实验室。",
    "Add a participant": "新增参加实验室",
    "Circulation of the artefact": "传递标准的传递",
    "pilot": "主导实验室",
    "Record": "录入",
    "No circulation planned.": "尚未安排传递。",
    "Plan the circulation": "安排传递",
    "Results": "比对结果",
    "The other laboratories' results stay hidden until the pilot closes submission; the table above shows "
    "who has submitted.": ("主导实验室截止报送之前，其他实验室的结果不予显示；上表显示各实验室的报送情况。"),
    "Corrective actions": "纠正措施",
    "Finding": "发现的问题",
    "closing note": "关闭说明",
    "Close the corrective action": "关闭纠正措施",
    "Closing clears the flag on the measurement standard.": "关闭后将解除该计量标准的预警标记。",
    "Back to the comparison": "返回计量比对",
    "Export PDF": "导出 PDF",
    "Not evaluated yet: the pilot evaluates once submission is closed.": (
        "尚未评价：报送截止后由主导实验室进行评价。"
    ),
    "Each laboratory's value with its expanded uncertainty; the band is the reference value X ± U(X).": (
        "各实验室的测量值及其扩展不确定度；带状区域为参考值 X ± U(X)。"
    ),
    "Submit results": "报送结果",
    "One row per measurement point. The expanded uncertainty U is stated with its coverage factor k (2 "
    "unless your budget says otherwise). A row left empty is not submitted; if any row is wrong, nothing is "
    "saved. You may correct your results until the pilot closes submission.": (
        "每个测量点一行。扩展不确定度 U 须注明包含因子 k（除非不确定度评定另有规定，取 2）。留空的行不报送；"
        "只要有一行有误，全部数据均不保存。主导实验室截止报送之前，可以更正已报送的结果。"
    ),
    "Submit": "报送",
    "Add a measurement point to %s": "为 %s 新增测量点",
    "Edit %s": "编辑 %s",
    "Add a participant to %s": "为 %s 新增参加实验室",
    "Only the laboratory itself, the pilot or the bureau name its standard.": (
        "只有该实验室本身、主导实验室或市局可以指定其所用计量标准。"
    ),
    "Measurement standard used by %s": "%s 所用计量标准",
    "Circulation planned.": "已安排传递。",
    "Hand-over %(leg)s of %(round)s": "%(round)s 第 %(leg)s 次交接",
    "The comparison is open for results.": "该计量比对已开始接收结果。",
    "Submission is closed: every participant now sees the results.": (
        "报送已截止：所有参加实验室现在均可查看比对结果。"
    ),
    "Choose an evaluation method.": "请选择评价方法。",
    "Evaluated: %s.": "已评价：%s。",
    "Corrective action opened: %s": "已发起纠正措施：%s",
    "Submitted %(n)d results for %(lab)s.": "已为 %(lab)s 报送 %(n)d 个结果。",
    "No such measurement point in this comparison.": "该计量比对中没有此测量点。",
    "Closed %s.": "已关闭 %s。",
    "comparison rounds": "计量比对项目",
    "share of satisfactory comparison results": "计量比对结果满意率",
    # energy metering: declared sub-units and equipment (GB 17167 表2), monthly statements (月报)
    "sub-unit": "次级用能单位",
    "equipment": "用能设备",
    "from month": "月份自",
    "to month": "月份至",
    "month": "月份",
    "not a month (YYYY-MM): %s": "不是月份（格式为 YYYY-MM）：%s",
    "unit credit code": "用能单位统一社会信用代码",
    "hour": "小时",
    "hourly consumption": "小时消耗量",
    "major from (≥)": "限定值（≥）",
    "major-consumer threshold": "主要次级用能单位和主要用能设备限定值",
    "major-consumer thresholds": "主要次级用能单位和主要用能设备限定值",
    "sub-unit or equipment": "次级用能单位或用能设备",
    "size (rated power or annual consumption)": "规模（额定功率或年消耗量）",
    "size unit": "规模单位",
    "sub-units and equipment": "次级用能单位和用能设备",
    "A statement's unit cannot change.": "月报所属的用能单位不能更改。",
    "Give the month (its first day).": "请填写月份（该月第一天）。",
    "A month that has not begun cannot be stated.": "尚未开始的月份不能填报月报。",
    "A declaration's unit cannot change.": "申报所属的用能单位不能更改。",
    "GB 17167 Table 2 gives %(energy)s at this level in %(unit)s; use that unit.": (
        "GB 17167 表 2 中该级别的 %(energy)s 以 %(unit)s 计，请使用该单位。"
    ),
    "Table 2: what is major": "表 2：主要用能限定值",
    "Monthly statements": "月报",
    "Sub-units and equipment": "次级用能单位和用能设备",
    "GB 17167-2006 Table 2 as loaded is from memory and not confirmed against the standard's text "
    "(reference/domain.md §4.1). Only electricity is loaded for sub-units; add the other sub-unit rows from "
    "a primary source. A sub-unit or equipment is major when a declared size is at least (≥) the value "
    "here.": (
        "已载入的 GB 17167-2006 表 2 系凭记忆录入，尚未与标准原文核对（见 reference/domain.md §4.1）。"
        "次级用能单位只载入了电力一行；其他能源的次级用能单位行应依据原始文献补充。"
        "次级用能单位或用能设备申报的规模大于或等于（≥）此处数值时，即为主要次级用能单位或主要用能设备。"
    ),
    "Daily vs monthly check on the unit's page": "在用能单位页面查看日数据与月报对比",
    "A monthly statement is the unit's reported consumption of one energy type for a month. The national "
    "online-monitoring rules require it to agree with the sum of the month's daily data within 5 %%; each "
    "unit's page shows the check.": (
        "月报是用能单位报送的某一能源种类一个月的消耗量。国家能耗在线监测的规定要求月报与当月日数据合计"
        "相差不超过 5 %%；各用能单位页面显示对比结果。"
    ),
    "%(n)s Table 2 threshold used here is from memory, not confirmed against the standard's text.": (
        "此处使用的 %(n)s 项表 2 限定值系凭记忆录入，尚未与标准原文核对。"
    ),
    "See Table 2": "查看表 2",
    "declared": "申报数",
    "major (Table 2)": "主要用能（表 2）",
    "Required = the larger of the count the unit declared and one meter per energy flow of each major "
    "sub-unit or equipment (GB 17167 Table 2: major when the size is at least the threshold; a flow of major "
    "equipment below its own threshold is auxiliary and not counted).": (
        "应配数量取以下两者中的较大者：用能单位申报的数量；"
        "每个主要次级用能单位或主要用能设备的每种能源各配一台（GB 17167 表 2：规模不小于限定值即为主要；"
        "主要用能设备中低于其本身限定值的能源属于辅助用能，不计入）。"
    ),
    "Declare a sub-unit or equipment": "申报次级用能单位或用能设备",
    "All declarations": "全部申报",
    "size": "规模",
    "Table 2 threshold": "表 2 限定值",
    "major": "主要",
    "needs a meter": "需配备计量器具",
    "none": "无",
    "yes,no": "是,否",
    "No sub-units or equipment declared.": "尚未申报次级用能单位或用能设备。",
    "Enter a monthly statement": "填报月报",
    "All statements": "全部月报",
    "difference": "差值",
    "within 5 %%": "相差不超过 5 %%",
    "days with data": "有数据天数",
    "agrees": "符合",
    "disagrees": "不符合",
    "No monthly statements in the last twelve months.": "近十二个月没有月报。",
    "Hourly consumption on %(day)s (tce)": "%(day)s 小时消耗量（吨标准煤）",
    # flags on measurement standards (计量标准预警标记)
    "flagged (open finding)": "有预警标记（问题未关闭）",
    "raised by": "标记来源",
    'e.g. "comparison"': "例如“comparison”",
    "raised on": "标记日期",
    "cleared on": "解除日期",
    "how it was cleared": "解除说明",
    "flag": "预警标记",
    "flags": "预警标记",
    "The flag is already cleared.": "该预警标记已解除。",
    "Flagged since %(day)s:": "自 %(day)s 起预警：",
    "Flags": "预警标记",
    "protocol file": "实施方案文件",
    "The protocol itself (PDF or Word, at most 20 MB); readable by whoever sees the round.": (
        "实施方案文件本身（PDF 或 Word，不超过 20 MB）；能查看该比对的用户均可下载。"
    ),
    "The protocol file is larger than 20 MB.": "实施方案文件超过 20 MB。",
    "Protocol file": "实施方案文件",
    "No protocol file was uploaded for this comparison.": "该比对未上传实施方案文件。",
    "previous due on": "上一次应检日期",
    "previous due verified on": "上一次应检的检定日期",
    "Unknown evaluation method %(method)s.": "未知的评价方法 %(method)s。",
    # region codes (GB/T 2260)
    "A GB/T 2260 code has exactly six digits.": "行政区划代码（GB/T 2260）须为 6 位数字。",
    "No province has the code prefix %(prefix)s (GB/T 2260).": "没有以 %(prefix)s 开头的省级行政区划代码（GB/T 2260）。",
    "Code %(code)s does not fit the level %(level)s (GB/T 2260: a province ends in 0000, a prefecture in 00, a county-level division does not end in 00).": "代码 %(code)s 与级别“%(level)s”不符（GB/T 2260：省级以 0000 结尾，地级以 00 结尾，县级不以 00 结尾）。",
    "Code %(code)s does not lie under its parent's code %(parent)s.": "代码 %(code)s 不属于上级区划代码 %(parent)s 之下。",
    "A division with this code is already in force.": "该代码已有一个现行有效的行政区划。",
    # -- ingest: begin --
    # -- ingest: end --
    # -- security: begin --
    # -- security: end --
    # -- certcheck: begin --
    # -- certcheck: end --
    # -- institutes: begin --
    "This %(kind)s is outside your scope.": "该%(kind)s不在您的权限范围内。",
    "An authorization covers at least one instrument type.": "授权须至少涵盖一种计量器具。",
    "An authorization serves at least one region.": "授权须至少涵盖一个区域。",
    "An authorization stays with the institute it was granted to.": "授权只属于被授权的机构，不能转给其他机构。",
    "Only a metrology institution (legal or authorized) holds an authorization.": "只有计量技术机构（法定或授权）才能持有授权。",
    "Only an instrument in use is verified; this one is %(status)s.": "只有在用的计量器具才能检定；该器具已%(status)s。",
    "The authorization ends before it starts.": "授权的截止日期早于起始日期。",
    "The institution holds no authorization in force on %(date)s covering this instrument's region and instrument type.": "该机构在 %(date)s 没有覆盖此器具所在区域和器具种类的有效授权。",
    "authorization number": "授权证书编号",
    "institute": "计量技术机构",
    "institute (unified social credit code)": "计量技术机构（统一社会信用代码）",
    "institute authorization": "计量授权",
    "institute authorizations": "计量授权",
    "institute id": "机构编号",
    "regions served": "授权区域",
    "Authorizations": "计量授权",
    # -- institutes: end --
    # -- imports: begin --
    # -- imports: end --
    # -- calendar: begin --
    # -- calendar: end --
    # -- rights: begin --
    # -- rights: end --
    # -- fuzz: begin --
    # -- fuzz: end --
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
    path = Path(argv[0]) if argv else DEFAULT_PO
    po = polib.pofile(str(path), encoding="utf-8", wrapwidth=79)
    # The one Chinese form of a plural entry stands for every count, so it keeps the plural's placeholders.
    plural_of = {e.msgid: e.msgid_plural for e in po if e.msgid_plural and not e.obsolete}
    bad = [
        k for k, v in ZH.items() if placeholders(v) != placeholders(k) | placeholders(plural_of.get(k, ""))
    ]
    if bad:
        print("placeholders differ between msgid and translation:", *bad, sep="\n  ", file=sys.stderr)
        return 2
    filled, missing = fill(po)
    po.save(str(path))
    print(f"{path}: filled {filled}, {len(po.translated_entries())} of {len(po)} translated")
    if missing:
        print(f"{len(missing)} msgid(s) have no translation in ZH:", *missing, sep="\n  ")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
