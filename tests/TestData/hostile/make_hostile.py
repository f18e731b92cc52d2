#!/usr/bin/env python3
"""Writes the small hostile files of tests/TestData/hostile (Python 3 standard library only; run from anywhere).

Every .xlsx here is the same valid workbook (baseline.xlsx: shared strings, styles, a hidden _metadata sheet
for Souss-Massa 2025Q3, three valid rows) with one thing made hostile, so a refusal can only come from that
thing. The files too large to keep in git (the zip bomb, the 10-million-character CSV, the sheets of
1,048,576 rows) are written at test time by tests/Indicators.Integration.Tests/Hostile/HostileFiles.cs.

entities_<part>.xlsx         a DTD with nested entities (billion laughs) in that part, the entity used in it
external_entity_<part>.xlsx  a DTD with an external entity (file:///etc/passwd) in that part, used in it
markup_quirks.xlsx           legal markup that must still be read: quotes in comments, '>' in attributes, CDATA, PIs
utf16_sheet_entities.xlsx    the billion laughs in a UTF-16 sheet part (transcoded before the byte scanner)
wide_100000_columns.*        a row of 100,000 cells (xlsx without cell references, and csv)
far_column.xlsx              one cell in column XFD, Excel's last (16,384th) column
long_cell_10M_*.xlsx         a cell of 10,000,000 characters, inline and in the shared strings
encrypted_agile.xlsx         what Excel writes for a password-protected .xlsx: an OLE container holding
                             EncryptionInfo (agile, AES-256) and EncryptedPackage
ole_not_a_workbook.xlsx      an OLE container (a Word document's streams) named .xlsx
macro_enabled.xlsm           a macro-enabled workbook (vbaProject.bin, macroEnabled content type)
macro_renamed.xlsx           the same bytes named .xlsx
invalid_utf8_*.csv           overlong, surrogate and truncated UTF-8 sequences in an otherwise UTF-8 CSV
invalid_utf8_sheet.xlsx      a byte that is not UTF-8 in a cell of the sheet XML (and in a shared string)
nul_*                        a NUL character in a cell: a character reference, Excel's _x0000_, a shared string, a CSV byte
corrupt_biff_*.xls           ../shapes/labels_fr.xls with one BIFF record damaged (see CORRUPTIONS)
"""
import base64, csv, io, os, struct, zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.dirname(HERE)

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
CT = "http://schemas.openxmlformats.org/package/2006/content-types"

with open(os.path.join(DATA, "shapes", "labels_fr.csv"), encoding="utf-8", newline="") as f:
    HEADER, *ROWS = list(csv.reader(f))

LAUGHS = ('<!DOCTYPE lolz [<!ENTITY lol "lol">'
          + "".join(f'<!ENTITY lol{i} "{("&lol%s;" % (i - 1 if i > 1 else "")) * 10}">' for i in range(1, 10))
          + "]>")
XXE = '<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'


def esc(s):
    return str(s).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def col(i):
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


def write(name, data):
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode("utf-8"))


def zip_bytes(parts):
    """A zip with fixed timestamps, so the same parts give the same bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            info = zipfile.ZipInfo(name, date_time=(2025, 7, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data if isinstance(data, bytes) else data.encode("utf-8"))
    return out.getvalue()


def baseline_parts(entity=None, sheet_cells=None, shared_extra=(), macro=False):
    """The parts of the baseline workbook. entity=(part, doctype, reference): that part gets the doctype and uses the reference."""
    target, doctype, ref = entity or (None, "", "")

    def head(part):
        return DECL + (doctype if part == target else "")

    def use(part, plain):
        return ref if part == target else plain

    shared = [esc(h) for h in HEADER] + list(shared_extra)
    if target == "shared_strings":
        shared[0] = ref
    sst = head("shared_strings") + f'<sst xmlns="{MAIN}" count="{len(shared)}" uniqueCount="{len(shared)}">' + "".join(
        f"<si><t>{s}</t></si>" for s in shared) + "</sst>"
    styles = (head("styles") + f'<styleSheet xmlns="{MAIN}"><numFmts count="1"><numFmt numFmtId="164" formatCode="{use("styles", "dd/mm/yyyy")}"/></numFmts>'
              '<cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="164" applyNumberFormat="1"/></cellXfs></styleSheet>')

    rows = [f'<row r="1">' + "".join(f'<c r="{col(c)}1" t="s"><v>{c}</v></c>' for c in range(len(HEADER))) + "</row>"]
    for r, values in enumerate(ROWS, 2):
        cells = []
        for c, v in enumerate(values):
            if v == "":
                continue
            if c == 1:  # the interview date as a date serial with the date style: 15/07/2025
                cells.append(f'<c r="{col(c)}{r}" s="1"><v>45853</v></c>')
            elif c == 3 and r == 2 and target == "sheet":
                cells.append(f'<c r="{col(c)}{r}" t="inlineStr"><is><t>{ref}</t></is></c>')
            else:
                cells.append(f'<c r="{col(c)}{r}" t="inlineStr"><is><t>{esc(v)}</t></is></c>')
        rows.append(f'<row r="{r}">' + "".join(cells) + "</row>")
    if sheet_cells is not None:
        rows.append(sheet_cells)
    sheet = head("sheet") + f'<worksheet xmlns="{MAIN}"><sheetData>' + "".join(rows) + "</sheetData></worksheet>"

    meta_rows = [("form_id", "migration-survey"), ("form_version", "1"), ("region", "09"), ("quarter", "2025Q3")]
    meta = head("metadata_sheet") + f'<worksheet xmlns="{MAIN}"><sheetData>' + "".join(
        f'<row r="{i}"><c r="A{i}" t="inlineStr"><is><t>{k}</t></is></c><c r="B{i}" t="inlineStr"><is><t>{use("metadata_sheet", v) if k == "region" else v}</t></is></c></row>'
        for i, (k, v) in enumerate(meta_rows, 1)) + "</sheetData></worksheet>"

    main_type = "application/vnd.ms-excel.sheet.macroEnabled.main+xml" if macro else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
    content_types = (head("content_types") + f'<Types xmlns="{CT}">'
                     '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                     f'<Default Extension="xml" ContentType="{use("content_types", "application/xml")}"/>'
                     + ('<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>' if macro else "")
                     + f'<Override PartName="/xl/workbook.xml" ContentType="{main_type}"/>'
                     '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
                     '<Override PartName="/xl/worksheets/sheet2.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
                     '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
                     '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
                     "</Types>")
    package_rels = (head("package_rels") + f'<Relationships xmlns="{PKG}">'
                    f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="{use("package_rels", "xl/workbook.xml")}"/></Relationships>')
    workbook = (head("workbook") + f'<workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets>'
                f'<sheet name="{use("workbook", "Enquête")}" sheetId="1" r:id="rId1"/>'
                '<sheet name="_metadata" sheetId="2" state="hidden" r:id="rId2"/></sheets></workbook>')
    workbook_rels = (head("workbook_rels") + f'<Relationships xmlns="{PKG}">'
                     f'<Relationship Id="rId1" Type="{REL}/worksheet" Target="{use("workbook_rels", "worksheets/sheet1.xml")}"/>'
                     f'<Relationship Id="rId2" Type="{REL}/worksheet" Target="worksheets/sheet2.xml"/>'
                     f'<Relationship Id="rId3" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>'
                     f'<Relationship Id="rId4" Type="{REL}/styles" Target="styles.xml"/>'
                     + (f'<Relationship Id="rId5" Type="http://schemas.microsoft.com/office/2006/relationships/vbaProject" Target="vbaProject.bin"/>' if macro else "")
                     + "</Relationships>")
    parts = {
        "[Content_Types].xml": content_types,
        "_rels/.rels": package_rels,
        "xl/workbook.xml": workbook,
        "xl/_rels/workbook.xml.rels": workbook_rels,
        "xl/worksheets/sheet1.xml": sheet,
        "xl/worksheets/sheet2.xml": meta,
        "xl/sharedStrings.xml": sst,
        "xl/styles.xml": styles,
    }
    if macro:
        parts["xl/vbaProject.bin"] = ole([("PROJECT", b'ID="{00000000-0000-0000-0000-000000000000}"\r\nDocument=ThisWorkbook/&H00000000\r\nName="VBAProject"\r\n'.ljust(4096, b" ")),
                                          ("dir", bytes(4096))])
    return parts


# ---- OLE compound files (MS-CFB version 3, 512-byte sectors); every stream is padded to 4,096 bytes so none is in the mini stream ----
def ole(streams):
    sector = 512
    datas = [data.ljust(max(4096, -(-len(data) // sector) * sector), b"\0") for _, data in streams]
    n_data = sum(len(d) // sector for d in datas)
    n_dir = -(-(len(streams) + 1) // 4)
    n_fat = 1
    while (n_data + n_dir + n_fat) > n_fat * 128:
        n_fat += 1
    fat = []
    starts = []
    pos = n_fat
    for d in datas:
        count = len(d) // sector
        starts.append(pos)
        fat += [pos + i + 1 for i in range(count - 1)] + [0xFFFFFFFE]
        pos += count
    dir_start = pos
    fat = [0xFFFFFFFD] * n_fat + fat + [dir_start + i + 1 for i in range(n_dir - 1)] + [0xFFFFFFFE]
    fat += [0xFFFFFFFF] * (n_fat * 128 - len(fat))

    def entry(name, kind, start, size, child=0xFFFFFFFF, right=0xFFFFFFFF):
        raw = (name + "\0").encode("utf-16-le")
        return (raw.ljust(64, b"\0") + struct.pack("<HBBIII", len(raw), kind, 1, 0xFFFFFFFF, right, child)
                + bytes(16) + bytes(4) + bytes(16) + struct.pack("<IQ", start, size))

    entries = [entry("Root Entry", 5, 0xFFFFFFFE, 0, child=1)]
    for i, ((name, data), start) in enumerate(zip(streams, starts)):
        entries.append(entry(name, 2, start, len(data), right=i + 2 if i + 1 < len(streams) else 0xFFFFFFFF))
    directory = b"".join(entries).ljust(n_dir * sector, b"\0")
    difat = list(range(n_fat)) + [0xFFFFFFFF] * (109 - n_fat)
    header = (bytes.fromhex("D0CF11E0A1B11AE1") + bytes(16) + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + bytes(6)
              + struct.pack("<IIIIIIII", 0, n_fat, dir_start, 0, 4096, 0xFFFFFFFE, 0, 0xFFFFFFFE) + struct.pack("<I", 0)
              + struct.pack("<109I", *difat))
    return header + struct.pack(f"<{len(fat)}I", *fat) + b"".join(datas) + directory


def ole_stream(path, name):
    """The bytes of one stream of an OLE file and, for each byte, its offset in the file (mini stream included)."""
    raw = open(path, "rb").read()
    shift, mini_shift = struct.unpack_from("<HH", raw, 30)
    size, mini = 1 << shift, 1 << mini_shift
    n_fat, dir_start, _, cutoff, mini_fat_start = struct.unpack_from("<IIIII", raw, 44)
    difat = struct.unpack_from("<109I", raw, 76)[:n_fat]
    fat = [x for s in difat for x in struct.unpack_from(f"<{size // 4}I", raw, (s + 1) * size)]

    def chain(start, table):
        out = []
        while start < 0xFFFFFFFA:
            out.append(start)
            start = table[start]
        return out

    offsets = lambda sectors: [(s + 1) * size + i for s in sectors for i in range(size)]
    directory = offsets(chain(dir_start, fat))
    entries = {}
    for e in range(len(directory) // 128):
        at = directory[e * 128]
        n = struct.unpack_from("<H", raw, at + 64)[0]
        entries[raw[at:at + n - 2].decode("utf-16-le")] = struct.unpack_from("<IQ", raw, at + 116)
    start, length = entries[name]
    if length >= cutoff:
        where = offsets(chain(start, fat))
    else:
        mini_fat = [x for s in chain(mini_fat_start, fat) for x in struct.unpack_from(f"<{size // 4}I", raw, (s + 1) * size)]
        root = offsets(chain(entries["Root Entry"][0], fat))
        where = [root[m * mini + i] for m in chain(start, mini_fat) for i in range(mini)]
    where = where[:length]
    return bytes(raw[o] for o in where), where, bytearray(raw)


def biff_records(stream):
    """(offset, type, length) of each BIFF record of a Workbook stream."""
    at = 0
    while at + 4 <= len(stream):
        kind, length = struct.unpack_from("<HH", stream, at)
        yield at, kind, length
        at += 4 + length


# ---- the files ----
write("baseline.xlsx", zip_bytes(baseline_parts()))

PARTS = ["content_types", "package_rels", "workbook", "workbook_rels", "sheet", "metadata_sheet", "shared_strings", "styles"]
for part in PARTS:
    write(f"entities_{part}.xlsx", zip_bytes(baseline_parts((part, LAUGHS, "&lol9;"))))
    write(f"external_entity_{part}.xlsx", zip_bytes(baseline_parts((part, XXE, "&xxe;"))))

# Markup that is legal and must not be taken for an attack: quotes in comments, '>' in attributes and
# CDATA, processing instructions, in every part read with XmlReader.
quirks = baseline_parts()
quirk = "<!-- don't \"stop\" > here --><?pi a='1'?>"
quirks["_rels/.rels"] = quirks["_rels/.rels"].replace("<Relationship ", quirk + "<Relationship ", 1)
quirks["xl/_rels/workbook.xml.rels"] = quirks["xl/_rels/workbook.xml.rels"].replace("<Relationship ", quirk + "<Relationship ", 1)
quirks["xl/workbook.xml"] = quirks["xl/workbook.xml"].replace("<sheets>", quirk + '<definedNames><definedName name="a&gt;b">Enquête!$A$1:$B$2</definedName></definedNames><sheets>')
quirks["xl/styles.xml"] = quirks["xl/styles.xml"].replace('formatCode="dd/mm/yyyy"', "formatCode='dd/mm/yyyy;\">\"'").replace("<cellXfs", quirk + "<cellXfs")
quirks["xl/sharedStrings.xml"] = quirks["xl/sharedStrings.xml"].replace("<si>", quirk + "<si>", 1).replace(
    "<si><t>Commune</t></si>", "<si><r><t>Com</t></r><r><rPr><b/></rPr><t><![CDATA[mu]]>ne</t></r><rPh sb=\"0\" eb=\"1\"><t>x</t></rPh></si>")
assert "CDATA" in quirks["xl/sharedStrings.xml"]
write("markup_quirks.xlsx", zip_bytes(quirks))

utf16 = baseline_parts(("sheet", LAUGHS, "&lol9;"))
utf16["xl/worksheets/sheet1.xml"] = "\ufeff" + utf16["xl/worksheets/sheet1.xml"].replace('encoding="UTF-8"', 'encoding="UTF-16"')
utf16["xl/worksheets/sheet1.xml"] = utf16["xl/worksheets/sheet1.xml"].encode("utf-16-le")
write("utf16_sheet_entities.xlsx", zip_bytes(utf16))

# 100,000 cells in one row, after the valid rows: cells without a reference follow one another.
write("wide_100000_columns.xlsx", zip_bytes(baseline_parts(sheet_cells='<row r="5">' + "<c><v>1</v></c>" * 100_000 + "</row>")))
write("wide_100000_columns.csv", ",".join(HEADER) + "\r\n" + ",".join(ROWS[0]) + "\r\n" + ",".join(["x"] * 100_000) + "\r\n")
write("far_column.xlsx", zip_bytes(baseline_parts(sheet_cells='<row r="5"><c r="XFD5"><v>1</v></c></row>')))

# 10,000,000 characters in one cell: inline in the sheet, and as a shared string.
write("long_cell_10M_inline.xlsx", zip_bytes(baseline_parts(sheet_cells='<row r="5"><c r="D5" t="inlineStr"><is><t>' + "x" * 10_000_000 + "</t></is></c></row>")))
write("long_cell_10M_shared.xlsx", zip_bytes(baseline_parts(sheet_cells=f'<row r="5"><c r="D5" t="s"><v>{len(HEADER)}</v></c></row>', shared_extra=["x" * 10_000_000])))

# A password-protected .xlsx is not a zip: Excel writes an OLE container with the encrypted package.
agile = (f'{DECL}<encryption xmlns="http://schemas.microsoft.com/office/2006/encryption" '
         'xmlns:p="http://schemas.microsoft.com/office/2006/keyEncryptor/password">'
         '<keyData saltSize="16" blockSize="16" keyBits="256" hashSize="64" cipherAlgorithm="AES" cipherChaining="ChainingModeCBC" '
         f'hashAlgorithm="SHA512" saltValue="{base64.b64encode(bytes(range(16))).decode()}"/>'
         f'<dataIntegrity encryptedHmacKey="{base64.b64encode(bytes(range(64))).decode()}" encryptedHmacValue="{base64.b64encode(bytes(range(64, 128))).decode()}"/>'
         '<keyEncryptors><keyEncryptor uri="http://schemas.microsoft.com/office/2006/keyEncryptor/password">'
         '<p:encryptedKey spinCount="100000" saltSize="16" blockSize="16" keyBits="256" hashSize="64" cipherAlgorithm="AES" '
         f'cipherChaining="ChainingModeCBC" hashAlgorithm="SHA512" saltValue="{base64.b64encode(bytes(range(16, 32))).decode()}" '
         f'encryptedVerifierHashInput="{base64.b64encode(bytes(range(32, 48))).decode()}" '
         f'encryptedVerifierHashValue="{base64.b64encode(bytes(range(48, 112))).decode()}" '
         f'encryptedKeyValue="{base64.b64encode(bytes(range(112, 144))).decode()}"/>'
         '</keyEncryptor></keyEncryptors></encryption>')
encryption_info = struct.pack("<HHI", 4, 4, 0x40) + agile.encode("utf-8")
package = struct.pack("<Q", 6000) + bytes((i * 151 + 7) % 256 for i in range(6000 + 16))
write("encrypted_agile.xlsx", ole([("EncryptionInfo", encryption_info), ("EncryptedPackage", package)]))
write("ole_not_a_workbook.xlsx", ole([("WordDocument", bytes(4096)), ("1Table", bytes(4096))]))

macro = zip_bytes(baseline_parts(macro=True))
write("macro_enabled.xlsm", macro)
write("macro_renamed.xlsx", macro)

# Invalid UTF-8 in an otherwise UTF-8 CSV (files/invalid_encoding.csv has stray 0xFF 0xFE bytes).
good = (",".join(HEADER) + "\r\n" + "\r\n".join(",".join(r) for r in ROWS) + "\r\n").encode("utf-8")
last = ",".join(ROWS[0]).replace("R1,", "R9,", 1).encode("utf-8")
write("invalid_utf8_overlong.csv", good + last.replace(b"Agadir,", b"Agadir \xc0\xaf,", 1) + b"\r\n")
write("invalid_utf8_surrogate.csv", good + last.replace(b"Agadir,", b"Agadir \xed\xa0\x80,", 1) + b"\r\n")
write("invalid_utf8_truncated.csv", good + last + b",\xe2\x82")
sheet_bad = baseline_parts()
sheet_bad["xl/worksheets/sheet1.xml"] = sheet_bad["xl/worksheets/sheet1.xml"].encode("utf-8").replace(b">Agadir<", b">Agadir \xff<", 1)
write("invalid_utf8_sheet.xlsx", zip_bytes(sheet_bad))
sst_bad = baseline_parts()
sst_bad["xl/sharedStrings.xml"] = sst_bad["xl/sharedStrings.xml"].encode("utf-8").replace(b"<t>Commune<", b"<t>Commune \xff<", 1)
write("invalid_utf8_shared_strings.xlsx", zip_bytes(sst_bad))

# A NUL character, which no cell can hold (PostgreSQL text cannot store it): as a character reference and as
# Excel's _x0000_ escape in the sheet, in a shared string, and as a byte of a CSV after its first 8 KB.
nul = baseline_parts()
nul["xl/worksheets/sheet1.xml"] = nul["xl/worksheets/sheet1.xml"].replace(">Agadir<", ">Agadir&#0;<", 1)
write("nul_reference.xlsx", zip_bytes(nul))
nul = baseline_parts()
nul["xl/worksheets/sheet1.xml"] = nul["xl/worksheets/sheet1.xml"].replace(">Agadir<", ">Agadir_x0000_<", 1)
write("nul_escape.xlsx", zip_bytes(nul))
nul = baseline_parts()
nul["xl/sharedStrings.xml"] = nul["xl/sharedStrings.xml"].replace("<t>Commune<", "<t>Commune&#0;<", 1)
write("nul_shared_string.xlsx", zip_bytes(nul))
many = "\r\n".join(",".join([f"R{100 + i}"] + ROWS[0][1:]) for i in range(80))
write("nul_in_csv.csv", (",".join(HEADER) + "\r\n" + many + "\r\n").encode("utf-8") + b"R999,15/07/2025,Agadir Ida-Outanane,Aga\x00dir" + b"\r\n")

# One BIFF record of the Workbook stream damaged, the OLE container intact.
SST, LABELSST, BOUNDSHEET, DIMENSIONS, BOF, ROW = 0x00FC, 0x00FD, 0x0085, 0x0200, 0x0809, 0x0208


def corrupt(name, damage):
    path = os.path.join(DATA, "shapes", "labels_fr.xls")
    stream, where, raw = ole_stream(path, "Workbook")
    patched = bytearray(stream)
    damage(patched, list(biff_records(stream)))
    for i, b in enumerate(patched):
        raw[where[i]] = b
    write(name, bytes(raw))


def first(records, kind, after=0):
    return next(at for at, k, _ in records if k == kind and at >= after)


def sheet_start(records):
    return first(records, BOF, after=1)


CORRUPTIONS = {
    # A record whose length runs past the end of the stream.
    "corrupt_biff_record_length.xls": lambda s, r: struct.pack_into("<H", s, first(r, LABELSST, sheet_start(r)) + 2, 0xFFFF),
    # A shared string table claiming 2^31-1 strings.
    "corrupt_biff_sst_count.xls": lambda s, r: struct.pack_into("<II", s, first(r, SST) + 4, 0x7FFFFFFF, 0x7FFFFFFF),
    # The sheet's position in the stream (BOUNDSHEET) pointing past its end.
    "corrupt_biff_sheet_offset.xls": lambda s, r: struct.pack_into("<I", s, first(r, BOUNDSHEET) + 4, 0x7FFFFFF0),
    # The sheet's dimensions claiming 2^31 rows and 65,535 columns.
    "corrupt_biff_dimensions.xls": lambda s, r: struct.pack_into("<IIHH", s, first(r, DIMENSIONS, sheet_start(r)) + 4, 0, 0x7FFFFFFF, 0, 0xFFFF),
    # A string cell pointing at shared string 2^31-1.
    "corrupt_biff_string_index.xls": lambda s, r: struct.pack_into("<I", s, first(r, LABELSST, sheet_start(r)) + 10, 0x7FFFFFFF),
    # Random bytes over the middle of the sheet's records.
    "corrupt_biff_garbage.xls": lambda s, r: s.__setitem__(slice(sheet_start(r) + 200, sheet_start(r) + 456), bytes((i * 89 + 13) % 256 for i in range(256))),
}
for name, damage in CORRUPTIONS.items():
    corrupt(name, damage)

print("hostile files written under", HERE)
