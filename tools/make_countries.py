#!/usr/bin/env python3
"""Writes templates/reference/countries.csv from Debian's iso-codes (ISO 3166-1 with its French and
Arabic translations), with hand-checked names and aliases for the nationalities most common among
migrants in Morocco. Run from the repository root: python3 tools/make_countries.py
Needs the Debian package iso-codes (/usr/share/iso-codes, /usr/share/locale)."""
import csv, gettext, json, re, sys, unicodedata

SOURCE = "/usr/share/iso-codes/json/iso_3166-1.json"
OUT = "templates/reference/countries.csv"

# alpha3: (English, French, Arabic, aliases). Empty strings keep iso-codes' name.
NAMES = {
    # West and Central Africa
    "SEN": ("Senegal", "Sénégal", "السنغال", "Sénégalais|Sénégalaise|Senegalese|سنغالي|سنغالية"),
    "CIV": ("Côte d'Ivoire", "Côte d'Ivoire", "كوت ديفوار", "Ivory Coast|Ivoirien|Ivoirienne|Ivorian|ساحل العاج|إيفواري|إيفوارية"),
    "MLI": ("Mali", "Mali", "مالي", "Malien|Malienne|Malian|مالية"),
    "GIN": ("Guinea", "Guinée", "غينيا", "Guinée Conakry|Guinea Conakry|Guinéen|Guinéenne|Guinean|غيني|غينية"),
    "CMR": ("Cameroon", "Cameroun", "الكاميرون", "Camerounais|Camerounaise|Cameroonian|كاميروني|كاميرونية"),
    "NGA": ("Nigeria", "Nigeria", "نيجيريا", "Nigéria|Nigérian|Nigériane|Nigerian|نيجيري|نيجيرية"),
    "COD": ("Democratic Republic of the Congo", "République démocratique du Congo", "جمهورية الكونغو الديمقراطية",
            "RDC|DRC|RD Congo|Congo Kinshasa|Congo, The Democratic Republic of the|الكونغو الديمقراطية"),
    "COG": ("Congo", "Congo", "الكونغو", "République du Congo|Republic of the Congo|Congo Brazzaville|جمهورية الكونغو|الكونغو برازافيل"),
    "GAB": ("Gabon", "Gabon", "الغابون", "Gabonais|Gabonaise|Gabonese|غابوني|غابونية"),
    "BFA": ("Burkina Faso", "Burkina Faso", "بوركينا فاسو", "Burkinabè|Burkinabe|بوركينابي"),
    "NER": ("Niger", "Niger", "النيجر", "Nigérien|Nigérienne|Nigerien|نيجري|نيجرية"),
    "TCD": ("Chad", "Tchad", "تشاد", "Tchadien|Tchadienne|Chadian|تشادي|تشادية"),
    "GHA": ("Ghana", "Ghana", "غانا", "Ghanéen|Ghanéenne|Ghanaian|غاني|غانية"),
    "GMB": ("Gambia", "Gambie", "غامبيا", "The Gambia|Gambien|Gambienne|Gambian|غامبي|غامبية"),
    "GNB": ("Guinea-Bissau", "Guinée-Bissau", "غينيا بيساو", "Bissau-Guinéen|Bissau-Guinean"),
    "SLE": ("Sierra Leone", "Sierra Leone", "سيراليون", "Sierra-Léonais|Sierra Leonean|سيراليوني"),
    "LBR": ("Liberia", "Libéria", "ليبيريا", "Liberia|Libérien|Libérienne|Liberian|ليبيري|ليبيرية"),
    "TGO": ("Togo", "Togo", "توغو", "Togolais|Togolaise|Togolese|توغولي|توغولية"),
    "BEN": ("Benin", "Bénin", "بنين", "Béninois|Béninoise|Beninese|بنيني|بنينية"),
    "MRT": ("Mauritania", "Mauritanie", "موريتانيا", "Mauritanien|Mauritanienne|Mauritanian|موريتاني|موريتانية"),
    "CAF": ("Central African Republic", "République centrafricaine", "جمهورية أفريقيا الوسطى", "Centrafrique|Centrafricain|Centrafricaine|RCA|CAR"),
    "GNQ": ("Equatorial Guinea", "Guinée équatoriale", "غينيا الاستوائية", "Équato-Guinéen|Equatoguinean"),
    "CPV": ("Cabo Verde", "Cap-Vert", "الرأس الأخضر", "Cape Verde|Cap Vert|Cap-Verdien|Cape Verdean|كابو فيردي"),
    # East Africa and the Horn
    "SDN": ("Sudan", "Soudan", "السودان", "Soudanais|Soudanaise|Sudanese|سوداني|سودانية"),
    "SSD": ("South Sudan", "Soudan du Sud", "جنوب السودان", "Sud-Soudanais|South Sudanese"),
    "ERI": ("Eritrea", "Érythrée", "إريتريا", "Érythréen|Érythréenne|Eritrean|إريتري|إريترية"),
    "ETH": ("Ethiopia", "Éthiopie", "إثيوبيا", "Éthiopien|Éthiopienne|Ethiopian|إثيوبي|إثيوبية"),
    "SOM": ("Somalia", "Somalie", "الصومال", "Somalien|Somalienne|Somali|صومالي|صومالية"),
    "DJI": ("Djibouti", "Djibouti", "جيبوتي", "Djiboutien|Djiboutienne|Djiboutian"),
    "KEN": ("Kenya", "Kenya", "كينيا", "Kényan|Kényane|Kenyan|كيني|كينية"),
    "COM": ("Comoros", "Comores", "جزر القمر", "Comorien|Comorienne|Comoran|قمري|قمرية"),
    "MDG": ("Madagascar", "Madagascar", "مدغشقر", "Malgache|Malagasy|مدغشقري"),
    # Maghreb, Middle East and the Gulf
    "MAR": ("Morocco", "Maroc", "المغرب", "Marocain|Marocaine|Moroccan|مغربي|مغربية|المملكة المغربية|Royaume du Maroc"),
    "DZA": ("Algeria", "Algérie", "الجزائر", "Algérien|Algérienne|Algerian|جزائري|جزائرية"),
    "TUN": ("Tunisia", "Tunisie", "تونس", "Tunisien|Tunisienne|Tunisian|تونسي|تونسية"),
    "LBY": ("Libya", "Libye", "ليبيا", "Libyen|Libyenne|Libyan|ليبي|ليبية"),
    "EGY": ("Egypt", "Égypte", "مصر", "Égyptien|Égyptienne|Egyptian|مصري|مصرية"),
    "SYR": ("Syria", "Syrie", "سوريا", "Syrian Arab Republic|Syrienne, République arabe|République arabe syrienne|Syrien|Syrienne|Syrian|سورية|سوري|الجمهورية العربية السورية"),
    "YEM": ("Yemen", "Yémen", "اليمن", "Yéménite|Yemeni|يمني|يمنية"),
    "IRQ": ("Iraq", "Irak", "العراق", "Iraq|Irakien|Irakienne|Iraqi|عراقي|عراقية"),
    "PSE": ("Palestine", "Palestine", "فلسطين", "Palestine, State of|State of Palestine|État de Palestine|Palestinien|Palestinienne|Palestinian|فلسطيني|فلسطينية|دولة فلسطين"),
    "LBN": ("Lebanon", "Liban", "لبنان", "Libanais|Libanaise|Lebanese|لبناني|لبنانية"),
    "JOR": ("Jordan", "Jordanie", "الأردن", "Jordanien|Jordanienne|Jordanian|أردني|أردنية"),
    "SAU": ("Saudi Arabia", "Arabie saoudite", "السعودية", "Saoudien|Saoudienne|Saudi|سعودي|سعودية|المملكة العربية السعودية"),
    "ARE": ("United Arab Emirates", "Émirats arabes unis", "الإمارات العربية المتحدة", "UAE|EAU|Émirati|Emirati|الإمارات|إماراتي|إماراتية"),
    "QAT": ("Qatar", "Qatar", "قطر", "Qatari|Qatarien|Qatarienne|قطري|قطرية"),
    "KWT": ("Kuwait", "Koweït", "الكويت", "Koweïtien|Koweïtienne|Kuwaiti|كويتي|كويتية"),
    # Europe
    "FRA": ("France", "France", "فرنسا", "Français|Française|French|فرنسي|فرنسية"),
    "ESP": ("Spain", "Espagne", "إسبانيا", "Espagnol|Espagnole|Spanish|إسباني|إسبانية"),
    "ITA": ("Italy", "Italie", "إيطاليا", "Italien|Italienne|Italian|إيطالي|إيطالية"),
    "BEL": ("Belgium", "Belgique", "بلجيكا", "Belge|Belgian|بلجيكي|بلجيكية"),
    "NLD": ("Netherlands", "Pays-Bas", "هولندا", "Hollande|Néerlandais|Néerlandaise|Dutch|هولندي|هولندية|Holland"),
    "DEU": ("Germany", "Allemagne", "ألمانيا", "Allemand|Allemande|German|ألماني|ألمانية"),
    "PRT": ("Portugal", "Portugal", "البرتغال", "Portugais|Portugaise|Portuguese|برتغالي|برتغالية"),
    "GBR": ("United Kingdom", "Royaume-Uni", "المملكة المتحدة", "UK|Great Britain|Grande-Bretagne|Britannique|British|بريطانيا|بريطاني|بريطانية"),
    "CHE": ("Switzerland", "Suisse", "سويسرا", "Swiss|سويسري|سويسرية"),
    "SWE": ("Sweden", "Suède", "السويد", "Suédois|Suédoise|Swedish|سويدي|سويدية"),
    "ROU": ("Romania", "Roumanie", "رومانيا", "Roumain|Roumaine|Romanian|روماني|رومانية"),
    # Americas
    "USA": ("United States", "États-Unis", "الولايات المتحدة", "USA|US|United States of America|Américain|Américaine|American|أمريكا|أمريكي|أمريكية|الولايات المتحدة الأمريكية"),
    "CAN": ("Canada", "Canada", "كندا", "Canadien|Canadienne|Canadian|كندي|كندية"),
    "BRA": ("Brazil", "Brésil", "البرازيل", "Brésilien|Brésilienne|Brazilian|برازيلي|برازيلية"),
    # Asia
    "CHN": ("China", "Chine", "الصين", "Chinois|Chinoise|Chinese|صيني|صينية"),
    "PHL": ("Philippines", "Philippines", "الفلبين", "Philippin|Philippine|Filipino|Filipina|فلبيني|فلبينية"),
    "IND": ("India", "Inde", "الهند", "Indien|Indienne|Indian|هندي|هندية"),
    "PAK": ("Pakistan", "Pakistan", "باكستان", "Pakistanais|Pakistanaise|Pakistani|باكستاني|باكستانية"),
    "BGD": ("Bangladesh", "Bangladesh", "بنغلاديش", "Bangladais|Bangladaise|Bangladeshi|بنغلاديشي"),
    "TUR": ("Türkiye", "Turquie", "تركيا", "Turkey|Türkiye|Turc|Turque|Turkish|تركي|تركية"),
    "VNM": ("Viet Nam", "Viet Nam", "فيتنام", "Vietnam|Vietnamien|Vietnamienne|Vietnamese|فيتنامي|فيتنامية"),
    # Other names that iso-codes writes inverted
    "BOL": ("Bolivia", "Bolivie", "بوليفيا", "Bolivia, Plurinational State of|Bolivie, état plurinational de"),
    "IRN": ("Iran", "Iran", "إيران", "Iran, Islamic Republic of|Iran, République islamique d'|Iranien|Iranienne|Iranian"),
    "KOR": ("South Korea", "Corée du Sud", "كوريا الجنوبية", "Korea, Republic of|Corée, République de|Republic of Korea"),
    "PRK": ("North Korea", "Corée du Nord", "كوريا الشمالية", "Korea, Democratic People's Republic of|Corée, République populaire démocratique de"),
    "LAO": ("Laos", "Laos", "لاوس", "Lao People's Democratic Republic|Lao, République démocratique populaire"),
    "MDA": ("Moldova", "Moldavie", "مولدوفا", "Moldova, Republic of|Moldova, République de"),
    "RUS": ("Russia", "Russie", "روسيا", "Russian Federation|Russie, Fédération de|Russe|Russian|روسي|روسية"),
    "TZA": ("Tanzania", "Tanzanie", "تنزانيا", "Tanzania, United Republic of|Tanzanie, République unie de"),
    "TWN": ("Taiwan", "Taïwan", "تايوان", "Taiwan, Province of China|Taïwan, province de Chine"),
    "VEN": ("Venezuela", "Venezuela", "فنزويلا", "Venezuela, Bolivarian Republic of|Vénézuela, république bolivarienne du"),
    "FSM": ("Micronesia", "Micronésie", "ميكرونيزيا", "Micronesia, Federated States of|Micronésie, États fédérés de"),
    "VAT": ("Holy See", "Saint-Siège", "الفاتيكان", "Vatican|Holy See (Vatican City State)"),
    "VGB": ("British Virgin Islands", "Îles Vierges britanniques", "جزر العذراء البريطانية", "Virgin Islands, British"),
    "VIR": ("United States Virgin Islands", "Îles Vierges des États-Unis", "جزر العذراء الأمريكية", "Virgin Islands, U.S.|Îles Vierges, États-Unis"),
    "ALA": ("Åland Islands", "Îles Åland", "جزر أولاند", "Åland, Îles"),
    "CCK": ("Cocos (Keeling) Islands", "Îles Cocos", "جزر كوكوس", "Cocos (Keeling), Îles"),
    "CXR": ("Christmas Island", "Île Christmas", "جزيرة كريسماس", "Christmas, Île"),
    "FLK": ("Falkland Islands", "Îles Malouines", "جزر فوكلاند", "Falkland Islands (Malvinas)|Malouines, Îles (Falkland)"),
    "REU": ("Réunion", "La Réunion", "لا ريونيون", "Réunion, Île de la"),
    "SLB": ("Solomon Islands", "Îles Salomon", "جزر سليمان", "Salomon, Îles"),
    "SHN": ("Saint Helena, Ascension and Tristan da Cunha", "Sainte-Hélène, Ascension et Tristan da Cunha", "سانت هيلينا وأسينشين وتريستان دا كونا", ""),
}

HARAKAT = re.compile("[\u064B-\u0652\u0670]")

def key(text):
    """An approximation of TextKey.Of: accents, case, punctuation-as-space, Arabic marks."""
    t = unicodedata.normalize("NFD", text)
    t = "".join(ch for ch in t if unicodedata.category(ch) not in ("Mn", "Me", "Cf") and ch != "\u0640")
    t = t.replace("\u0671", "\u0627")
    t = re.sub(r"[_\-'\u2019\u2018\u02BC`\u2010\u2011\u2013\s]+", " ", t).strip()
    return t.lower()

def main():
    entries = json.load(open(SOURCE, encoding="utf-8"))["3166-1"]
    fr = gettext.translation("iso_3166-1", "/usr/share/locale", languages=["fr"])
    ar = gettext.translation("iso_3166-1", "/usr/share/locale", languages=["ar"])
    rows, owner = [], {}
    for e in sorted(entries, key=lambda e: e["alpha_3"]):
        a3 = e["alpha_3"]
        en, fr_name, ar_name, aliases = NAMES.get(a3, ("", "", "", ""))
        en = en or e.get("common_name", e["name"])
        fr_name = fr_name or fr.gettext(e["name"])
        ar_name = HARAKAT.sub("", ar_name or ar.gettext(e["name"]))
        alias_list = [a for a in aliases.split("|") if a]
        if e["name"] != en and e["name"] not in alias_list:
            alias_list.append(e["name"])
        for name in [a3, e["alpha_2"], en, fr_name, ar_name] + alias_list:
            k = key(name)
            if owner.setdefault(k, a3) != a3:
                sys.exit(f"'{name}' of {a3} collides with {owner[k]}")
        rows.append([e["alpha_2"], a3, e["numeric"], en, fr_name, ar_name, "|".join(alias_list)])
    with open(OUT, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["alpha2", "alpha3", "numeric", "name_en", "name_fr", "name_ar", "aliases"])
        w.writerows(rows)
    print(f"{len(rows)} countries written to {OUT}")

if __name__ == "__main__":
    main()
