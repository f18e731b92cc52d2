#!/usr/bin/env python3
"""Writes the small test spreadsheets of tests/TestData (run from anywhere; Python 3 standard library only).

rules/<code>.csv      one invalid row (line 5) breaking exactly the rule named <code>, beside 3 valid rows
files/<code>.*        a file rejected as a whole with the file error <code>
shapes/*              valid sheets in every shape the readers must handle (languages, encodings, xlsx variants)
The .xls file is converted from shapes/labels_fr.xlsx by LibreOffice (make_xls.sh) and checked in.
"""
import os, zipfile, codecs

HERE = os.path.dirname(os.path.abspath(__file__))

FIELDS = ["respondent_id", "interview_date", "province", "commune", "sex", "age", "nationality", "category",
          "residence_status", "years_in_region", "health_coverage", "care_needed_12m", "care_received_12m",
          "children_6_17", "children_in_school", "education_level", "activity_status", "formal_job", "sector",
          "vocational_training_12m", "language_course_12m", "discrimination_12m", "housing", "remittances_12m_mad",
          "investment_project", "weight"]
FR = ["Identifiant du répondant", "Date de l'entretien", "Province / Préfecture", "Commune", "Sexe", "Âge", "Nationalité",
      "Catégorie", "Situation de séjour", "Années dans la région", "Couverture médicale", "Besoin de soins (12 mois)",
      "Soins reçus (12 mois)", "Enfants de 6 à 17 ans", "Enfants scolarisés", "Niveau d'études", "Situation d'activité",
      "Emploi déclaré (CNSS ou contrat)", "Secteur d'activité", "Formation professionnelle (12 mois)", "Cours de langue (12 mois)",
      "Discrimination subie (12 mois)", "Logement", "Transferts d'argent (12 mois, MAD)", "Projet d'investissement", "Pondération"]
AR = ["رقم المستجوب", "تاريخ المقابلة", "العمالة أو الإقليم", "الجماعة", "الجنس", "السن", "الجنسية", "الفئة", "وضعية الإقامة",
      "سنوات الإقامة في الجهة", "التغطية الصحية", "الحاجة إلى العلاج (12 شهرا)", "تلقي العلاج (12 شهرا)", "الأطفال من 6 إلى 17 سنة",
      "الأطفال المتمدرسون", "المستوى الدراسي", "وضعية النشاط", "شغل مصرح به", "قطاع النشاط", "التكوين المهني (12 شهرا)",
      "دروس اللغة (12 شهرا)", "التعرض للتمييز (12 شهرا)", "السكن", "التحويلات المالية (12 شهرا، درهم)", "مشروع استثماري", "الترجيح"]
EN = ["Respondent ID", "Interview date", "Province / Prefecture", "Municipality", "Sex", "Age", "Nationality", "Category",
      "Residence status", "Years in the region", "Health coverage", "Care needed (12 months)", "Care received (12 months)",
      "Children aged 6 to 17", "Children in school", "Education level", "Activity status", "Declared job (CNSS or contract)",
      "Sector", "Vocational training (12 months)", "Language course (12 months)", "Discrimination experienced (12 months)",
      "Housing", "Remittances sent (12 months, MAD)", "Investment project", "Weight"]

# A valid respondent of Souss-Massa (09), quarter 2025Q3.
BASE = dict(respondent_id="R1", interview_date="15/07/2025", province="Agadir Ida-Outanane", commune="Agadir", sex="F",
            age="30", nationality="SEN", category="IMM", residence_status="REG", years_in_region="3", health_coverage="oui",
            care_needed_12m="oui", care_received_12m="non", children_6_17="2", children_in_school="2",
            education_level="SECONDARY", activity_status="EMP", formal_job="non", sector="AGRI",
            vocational_training_12m="non", language_course_12m="oui", discrimination_12m="non", housing="TENANT",
            remittances_12m_mad="1500", investment_project="", weight="1.5")

def row(i, **changes):
    r = dict(BASE, respondent_id=f"R{i}")
    r.update(changes)
    return [r[f] for f in FIELDS]

def csv_text(rows, sep=","):
    out = []
    for r in rows:
        cells = []
        for v in r:
            v = str(v)
            if any(c in v for c in (sep, '"', "\n", "\r")):
                v = '"' + v.replace('"', '""') + '"'
            cells.append(v)
        out.append(sep.join(cells))
    return "\r\n".join(out) + "\r\n"

def write(path, data):
    path = os.path.join(HERE, path)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode("utf-8"))

# Each rule: (field, changes to the faulty row). Line 1 is a title, line 2 the header, lines 3-4 and 6 valid, line 5 faulty.
RULES = {
    "required": dict(sex=""),
    "required_when": dict(residence_status=""),
    "must_be_blank": dict(activity_status="UNEMP", formal_job="oui", sector=""),
    "too_long": dict(respondent_id="X" * 65),
    "invalid_date": dict(interview_date="31/04/2025"),
    "date_outside_quarter": dict(interview_date="2025-10-01"),
    "invalid_number": dict(age="trente"),
    "not_integer": dict(age="34,5"),
    "out_of_range": dict(age="130"),
    "below_minimum": dict(remittances_12m_mad="-20"),
    "not_above_minimum": dict(weight="0"),
    "above_field": dict(children_in_school="3"),
    "invalid_code": dict(housing="Villa"),
    "invalid_yesno": dict(health_coverage="peut-être"),
    "unknown_country": dict(nationality="Atlantide"),
    "province_not_in_region": dict(province="Oujda-Angad"),
    "duplicate_respondent": dict(respondent_id="R1"),
    "diaspora_nationality": dict(category="RET", residence_status=""),
    "migrant_nationality": dict(nationality="MAR"),
}
# Headers alternate between French, Arabic and English so each language is exercised on every rule kind.
for n, (code, changes) in enumerate(sorted(RULES.items())):
    header = [FR, AR, EN][n % 3]
    rows = [["Enquête migration — Souss-Massa — 2025Q3"], header, row(1), row(2)]
    faulty = row(4, **changes)
    rows += [faulty, row(5)]
    write(f"rules/{code}.csv", csv_text(rows))

# File errors.
write("files/no_header.csv", csv_text([["Rapport trimestriel"], ["a", "b", "c"], ["1", "2", "3"]]))
write("files/missing_columns.csv", csv_text([[h for f, h in zip(FIELDS, FR) if f not in ("sex", "age")]] +
                                            [[v for f, v in zip(FIELDS, row(i)) if f not in ("sex", "age")] for i in (1, 2)]))
write("files/duplicate_column.csv", csv_text([FR + ["sex"], row(1) + ["F"], row(2) + ["F"]]))
write("files/too_many_errors.csv", csv_text([FR, row(1), row(2, age="200"), row(3, sex="Z"), row(4, nationality="??")]))
write("files/no_data_rows.csv", csv_text([FR]))
write("files/not_a_spreadsheet.xlsx", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >> endobj\n" + bytes(range(256)))
write("files/invalid_encoding.csv", csv_text([FR, row(1, commune="Tiznit ü")]).encode("utf-8") + b"R9,\xff\xfe broken\r\n")

# Labels in each language for codes, yes/no words, provinces and countries: every row is accepted.
write("shapes/labels_fr.csv", csv_text([FR,
    row(1, sex="Femme", category="Immigré étranger", residence_status="Séjour régulier", housing="Locataire",
        activity_status="En emploi", sector="Agriculture", education_level="Secondaire", nationality="Sénégal"),
    row(2, sex="homme", category="Marocain résidant à l'étranger", residence_status="", nationality="Maroc",
        province="Chtouka-Aït Baha", health_coverage="Non", investment_project="oui", activity_status="Chômeur",
        formal_job="", sector="", education_level="Supérieur"),
    row(3, province="163", sex="F", age="35.0", weight="2,5", remittances_12m_mad="1 250,50", interview_date="1/9/2025")]))
write("shapes/labels_ar.csv", csv_text([AR,
    row(1, sex="أنثى", category="مهاجر أجنبي", residence_status="إقامة قانونية", housing="مكتر", activity_status="يشتغل",
        sector="الفلاحة", education_level="ثانوي", nationality="السنغال", health_coverage="نعم", care_needed_12m="لا",
        care_received_12m="", province="أكادير إداوتنان", age="٣٠"),
    row(2, sex="ذكر", category="مغربي مقيم بالخارج", residence_status="", nationality="المغرب", province="إنزكان آيت ملول",
        activity_status="عاطل عن العمل", formal_job="", sector="", health_coverage="لا")]))
write("shapes/labels_en.csv", csv_text([EN,
    row(1, sex="Female", category="Foreign immigrant", residence_status="Regular stay", housing="Tenant", activity_status="Employed",
        sector="Agriculture", education_level="Secondary", nationality="Senegal", health_coverage="yes", care_needed_12m="no",
        care_received_12m="", province="MA-TIZ"),
    row(2, sex="m", category="Refugee or asylum seeker", residence_status="No residence permit", nationality="SY",
        activity_status="Unemployed", formal_job="", sector="", health_coverage="N")]))
# Kobo-style group paths and canonical names.
write("shapes/kobo_headers.csv", csv_text([["start", "end"] + [f"group_profile/{f}" for f in FIELDS],
    ["2025-07-15T09:00:00", "2025-07-15T09:20:00"] + row(1, interview_date="2025-07-15")]))
# Semicolons and a BOM (Excel's "CSV UTF-8" in a French locale); Windows-1256 (Excel's Arabic CSV).
write("shapes/utf8_bom_semicolon.csv", codecs.BOM_UTF8 + csv_text([FR, row(1, remittances_12m_mad="1250,5"), row(2)], sep=";").encode("utf-8"))
write("shapes/windows1256_semicolon.csv", csv_text([AR, row(1, sex="أنثى", health_coverage="نعم", commune="أكادير"), row(2, sex="ذكر")], sep=";").encode("cp1256"))
# A quoted field with a line break: the next record's line number counts it.
write("shapes/multiline_cell.csv", csv_text([FR, row(1, commune="Agadir\nQuartier Talborjt"), row(2, sex="X")]))

# ---- .xlsx variants, written part by part ----
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
STRICT = "http://purl.oclc.org/ooxml/spreadsheetml/main"
REL_T = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
REL_S = "http://purl.oclc.org/ooxml/officeDocument/relationships"

def esc(s):
    return str(s).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")

def col(i):
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s

def xlsx(path, sheets, shared=None, date1904=False, strict=False, styles=None, sheet_prefix=""):
    ns = STRICT if strict else MAIN
    rel = REL_S if strict else REL_T
    z = zipfile.ZipFile(os.path.join(HERE, path), "w", zipfile.ZIP_DEFLATED)
    ct = ['<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">',
          '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>',
          '<Default Extension="xml" ContentType="application/xml"/>',
          '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>']
    for i in range(len(sheets)):
        ct.append(f'<Override PartName="/xl/worksheets/sheet{i+1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>')
    ct.append("</Types>")
    z.writestr("[Content_Types].xml", "".join(ct))
    z.writestr("_rels/.rels", f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>')
    wb = [f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{ns}" xmlns:r="{rel}">']
    if date1904:
        wb.append('<workbookPr date1904="1"/>')
    wb.append("<sheets>")
    rels = ['<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">']
    for i, (name, xml, hidden) in enumerate(sheets):
        state = ' state="hidden"' if hidden else ""
        wb.append(f'<sheet name="{esc(name)}" sheetId="{i+1}"{state} r:id="rId{i+1}"/>')
        rels.append(f'<Relationship Id="rId{i+1}" Type="{rel}/worksheet" Target="worksheets/sheet{i+1}.xml"/>')
        z.writestr(f"xl/worksheets/sheet{i+1}.xml", sheet_prefix + f'<worksheet xmlns="{ns}"><sheetData>{xml}</sheetData></worksheet>')
    wb.append("</sheets></workbook>")
    n = len(sheets)
    if shared is not None:
        rels.append(f'<Relationship Id="rId{n+1}" Type="{rel}/sharedStrings" Target="sharedStrings.xml"/>')
        z.writestr("xl/sharedStrings.xml", f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{ns}" count="{len(shared)}" uniqueCount="{len(shared)}">' + "".join(shared) + "</sst>")
    if styles is not None:
        rels.append(f'<Relationship Id="rId{n+2}" Type="{rel}/styles" Target="styles.xml"/>')
        z.writestr("xl/styles.xml", f'<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="{ns}">{styles}</styleSheet>')
    rels.append("</Relationships>")
    z.writestr("xl/workbook.xml", "".join(wb))
    z.writestr("xl/_rels/workbook.xml.rels", "".join(rels))
    z.close()

def inline_rows(rows, start=1, numeric=()):
    out = []
    for r, values in enumerate(rows, start):
        cells = []
        for c, v in enumerate(values):
            if v == "":
                continue
            if (r, c) in numeric:
                cells.append(f'<c r="{col(c)}{r}"><v>{v}</v></c>')
            else:
                cells.append(f'<c r="{col(c)}{r}" t="inlineStr"><is><t xml:space="preserve">{esc(v)}</t></is></c>')
        out.append(f'<row r="{r}">' + "".join(cells) + "</row>")
    return "".join(out)

def meta(region, quarter):
    return inline_rows([["form_id", "migration-survey"], ["form_version", "1"], ["region", region], ["quarter", quarter]])

os.makedirs(os.path.join(HERE, "shapes"), exist_ok=True)
os.makedirs(os.path.join(HERE, "files"), exist_ok=True)

# openpyxl's shape: every string inline, numbers as numbers; title rows above the header (header on row 4).
title = '<row r="1"><c r="A1" t="inlineStr"><is><t>Observatoire régional — enquête T3</t></is></c></row>'
data = [FR, row(1), row(2, age="41"), row(3)]
num = {(r, FIELDS.index(f)) for r in (5, 6, 7) for f in ("age", "children_6_17", "children_in_school", "weight", "remittances_12m_mad", "years_in_region")}
xlsx("shapes/inline_strings_title_rows.xlsx", [("Feuil1", title + inline_rows(data, start=4, numeric=num), False)])

# Excel's shape: shared strings (one of them rich text with a phonetic run), a date serial with a date style,
# a cached formula value, a boolean yes/no, sparse rows (a gap, then a row without r attributes on cells).
sst = [f"<si><t>{esc(h)}</t></si>" for h in FR]
sst.append('<si><r><t>Agadir </t></r><r><rPr><b/></rPr><t>Ida-Outanane</t></r><rPh sb="0" eb="1"><t>X</t></rPh></si>')  # 26
styles = ('<numFmts count="1"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/></numFmts>'
          '<cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="164" applyNumberFormat="1"/><xf numFmtId="14" applyNumberFormat="1"/></cellXfs>')
def cells_for(r, values, overrides):
    out = []
    for c, v in enumerate(values):
        if c in overrides:
            out.append(overrides[c].replace("@", f"{col(c)}{r}"))
        elif v != "":
            out.append(f'<c r="{col(c)}{r}" t="inlineStr"><is><t>{esc(v)}</t></is></c>')
    return "".join(out)
hdr = "".join(f'<c r="{col(c)}1" t="s"><v>{c}</v></c>' for c in range(len(FR)))
d = FIELDS.index
r2 = cells_for(2, row(1), {d("interview_date"): '<c r="@" s="1"><v>45853</v></c>',               # 15/07/2025
                           d("province"): '<c r="@" t="s"><v>26</v></c>',
                           d("age"): '<c r="@"><f>15*2</f><v>30</v></c>',
                           d("health_coverage"): '<c r="@" t="b"><v>1</v></c>',
                           d("weight"): '<c r="@"><v>1.5</v></c>'})
r5 = "".join(f'<c t="inlineStr"><is><t>{esc(v)}</t></is></c>' if v != "" else "<c/>" for v in row(2, interview_date="2025-08-01"))
xlsx("shapes/shared_strings_excel.xlsx", [("Données", f'<row r="1">{hdr}</row><row r="2">{r2}</row><row r="5">{r5}</row>', False)],
     shared=sst, styles=styles)

# The 1904 date system: serial 44391 is 15/07/2025 there.
r2 = cells_for(2, row(1), {d("interview_date"): '<c r="@" s="1"><v>44391</v></c>'})
xlsx("shapes/date1904.xlsx", [("Sheet1", f'<row r="1">{hdr}</row><row r="2">{r2}</row>', False)], shared=sst, styles=styles, date1904=True)

# Strict Open XML (ISO 29500 strict namespaces).
xlsx("shapes/strict.xlsx", [("Sheet1", inline_rows([FR, row(1), row(2)]), False)], strict=True)

# A template's metadata sheet naming another region or quarter than the import's.
xlsx("files/region_mismatch.xlsx", [("Enquête", inline_rows([FR, row(1)]), False), ("_metadata", meta("05", "2025Q3"), True)])
xlsx("files/quarter_mismatch.xlsx", [("Enquête", inline_rows([FR, row(1)]), False), ("_metadata", meta("09", "2025Q2"), True)])
# An XML entity trick (billion laughs) in the sheet part: DTDs are refused outright.
laughs = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
          '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>')
xlsx("files/forbidden_dtd.xlsx", [("Sheet1", inline_rows([FR, row(1, commune="&lol3;")]).replace("&amp;lol3;", "&lol3;"), False)], sheet_prefix=laughs)
# External entity (XXE) in the workbook part.
xlsx("files/forbidden_dtd_external.xlsx", [("Sheet1", inline_rows([FR, row(1)]), False)],
     sheet_prefix='<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>')
print("test data written under", HERE)
