using System.Text;

namespace Indicators.Sheets;

/// <summary>Windows-1256 (Arabic CSV) and the code pages ExcelDataReader needs are not built into .NET.</summary>
internal static class CodePages
{
    private static readonly Lazy<bool> Registered = new(() =>
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return true;
    });

    public static void Ensure() => _ = Registered.Value;
}
