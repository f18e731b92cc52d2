using System.Data.Common;

namespace Indicators.Storage;

/// <summary>Parameters for the few commands read with a plain data reader rather than Dapper (hot loops).</summary>
internal static class DbCommands
{
    public static void AddParameter(this DbCommand command, string name, object value)
    {
        var p = command.CreateParameter();
        p.ParameterName = name;
        p.Value = value;
        command.Parameters.Add(p);
    }
}
