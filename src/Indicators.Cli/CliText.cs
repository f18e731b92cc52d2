namespace Indicators.Cli;

/// <summary>What the CLI says to people, in French, Arabic and English.</summary>
internal static class CliText
{
    private static readonly Dictionary<string, LocalizedText> Texts = new(StringComparer.Ordinal)
    {
        ["status"] = new("Statut", "الحالة", "Status"),
        ["packWritten"] = new("Dossier d'indicateurs écrit : {0}", "تمت كتابة ملف المؤشرات: {0}", "Indicator pack written: {0}"),
        ["packTarget"] = new("Indiquez soit --region, soit --national.", "حدد إما ‎--region‎ أو ‎--national‎.", "Give either --region or --national."),
        ["demoComputed"] = new("Indicateurs calculés pour {0} trimestres ({1} lignes).", "تم حساب المؤشرات ل{0} فصول ({1} سطرا).", "Indicators computed for {0} quarters ({1} rows)."),
        ["noJobs"] = new("Aucune tâche n'a encore tourné.", "لم تشتغل أي مهمة بعد.", "No job has run yet."),
        ["job"] = new("Tâche", "المهمة", "Job"),
        ["parameters"] = new("Paramètres", "المعايير", "Parameters"),
        ["node"] = new("Nœud", "العقدة", "Node"),
        ["started"] = new("Début", "البداية", "Started"),
        ["ended"] = new("Fin", "النهاية", "Ended"),
        ["outcome"] = new("Résultat", "النتيجة", "Outcome"),
        ["detail"] = new("Détail", "التفاصيل", "Detail"),
        ["outcome.running"] = new("en cours", "جارية", "running"),
        ["outcome.succeeded"] = new("réussie", "ناجحة", "succeeded"),
        ["outcome.failed"] = new("échouée", "فاشلة", "failed"),
        ["outcome.skipped"] = new("ignorée", "متجاوزة", "skipped"),
        ["submissionsUsed"] = new("Soumissions utilisées", "الإرسالات المستعملة", "Submissions used"),
        ["rowsUsed"] = new("Lignes utilisées", "الأسطر المستعملة", "Rows used"),
        ["valuesStored"] = new("Valeurs calculées", "القيم المحسوبة", "Values computed"),
        ["badFormat"] = new("Format d'export inconnu : {0} (attendu : csv).", "صيغة تصدير غير معروفة: {0} (المنتظر: csv).", "Unknown export format: {0} (expected: csv)."),
        ["submission"] = new("Soumission", "الإرسال", "Submission"),
        ["region"] = new("Région", "الجهة", "Region"),
        ["quarter"] = new("Trimestre", "الفصل", "Quarter"),
        ["batch"] = new("Lot", "الدفعة", "Batch"),
        ["sheet"] = new("Feuille lue", "الورقة المقروءة", "Sheet read"),
        ["rowsRead"] = new("Lignes lues", "الأسطر المقروءة", "Rows read"),
        ["rowsAccepted"] = new("Lignes acceptées", "الأسطر المقبولة", "Rows accepted"),
        ["rowsRejected"] = new("Lignes rejetées", "الأسطر المرفوضة", "Rows rejected"),
        ["supersedes"] = new("Remplace la soumission", "يعوض الإرسال", "Supersedes submission"),
        ["duplicateOf"] = new("Identique à la soumission", "مطابق للإرسال", "Identical to submission"),
        ["errors"] = new("Erreurs", "الأخطاء", "Errors"),
        ["warnings"] = new("Avertissements", "التنبيهات", "Warnings"),
        ["row"] = new("Ligne", "السطر", "Row"),
        ["column"] = new("Colonne", "العمود", "Column"),
        ["value"] = new("Valeur", "القيمة", "Value"),
        ["message"] = new("Message", "الرسالة", "Message"),
        ["more"] = new("… et {0} autres erreurs (voir --json ou --annotated)", "… و {0} أخطاء أخرى (انظر ‎--json‎ أو ‎--annotated‎)", "… and {0} more errors (see --json or --annotated)"),
        ["dryRun"] = new("Simulation (--dry-run) : rien n'a été enregistré.", "محاكاة (‎--dry-run‎): لم يتم حفظ أي شيء.", "Dry run: nothing was stored."),
        ["annotated"] = new("Classeur annoté écrit : {0}", "تمت كتابة المصنف المشروح: {0}", "Annotated workbook written: {0}"),
        ["templateWritten"] = new("Modèle écrit : {0}", "تمت كتابة النموذج: {0}", "Template written: {0}"),
        ["sampleWritten"] = new("Feuille d'exemple écrite : {0} ({1} lignes)", "تمت كتابة ورقة المثال: {0} ({1} سطرا)", "Sample sheet written: {0} ({1} rows)"),
        ["migrated"] = new("Base de données à jour : {0}", "قاعدة البيانات محينة: {0}", "Database up to date: {0}"),
        ["applied"] = new("Migration appliquée : {0}", "تم تطبيق الترحيل: {0}", "Migration applied: {0}"),
        ["noSubmissions"] = new("Aucune soumission.", "لا يوجد أي إرسال.", "No submissions."),
        ["active"] = new("Active", "نشط", "Active"),
        ["file"] = new("Fichier", "الملف", "File"),
        ["created"] = new("Reçue le", "تاريخ الاستلام", "Received"),
        ["yes"] = new("oui", "نعم", "yes"),
        ["no"] = new("non", "لا", "no"),
        ["importing"] = new("Import de {0}", "استيراد {0}", "Importing {0}"),
        ["demoTitle"] = new("Démonstration : feuilles d'exemple pour les trois régions, importées dans {0}", "عرض توضيحي: أوراق أمثلة للجهات الثلاث، مستوردة في {0}", "Demo: sample sheets for the three regions, imported into {0}"),
        ["demoFiles"] = new("Fichiers de la démonstration : {0}", "ملفات العرض التوضيحي: {0}", "Demo files: {0}"),
        ["failed"] = new("Échec : {0}", "فشل: {0}", "Failed: {0}"),
        ["fileMissing"] = new("Fichier introuvable : {0}", "الملف غير موجود: {0}", "File not found: {0}"),
        ["badRegion"] = new("Région inconnue : {0} (02, 05, 09, MA-09, souss-massa…)", "جهة غير معروفة: {0} (02، 05، 09…)", "Unknown region: {0} (02, 05, 09, MA-09, souss-massa…)"),
        ["badQuarter"] = new("Trimestre invalide : {0} (format 2025Q3)", "فصل غير صالح: {0} (الصيغة 2025Q3)", "Invalid quarter: {0} (format 2025Q3)"),
    };

    public static string Get(string key, Lang lang, params object[] args)
    {
        var text = Texts[key][lang];
        return args.Length == 0 ? text : string.Format(System.Globalization.CultureInfo.InvariantCulture, text, args);
    }
}
