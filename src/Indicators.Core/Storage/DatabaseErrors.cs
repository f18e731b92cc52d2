using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Indicators.Storage;

/// <summary>
/// Tells the database being out of reach (a PostgreSQL server stopped or restarting, the network
/// cut, a SQLite file locked or gone) from every other failure: such an error is worth waiting out
/// and trying again, and what a user is told is that nothing was lost.
/// </summary>
public static class DatabaseErrors
{
    /// <summary>Whether <paramref name="error"/>, or an error inside it, says the database cannot be reached right now.</summary>
    public static bool IsUnreachable(Exception? error)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            if (e is AggregateException aggregate && aggregate.InnerExceptions.Any(IsUnreachable))
            {
                return true;
            }

            if (Says(e))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Drops the pooled connections to <paramref name="database"/>: after the server went away they
    /// are dead, and Npgsql would lend each one out once more before noticing.
    /// </summary>
    public static void ForgetPooledConnections(Database database)
    {
        ArgumentNullException.ThrowIfNull(database);
        if (database.Dialect == Dialect.Postgres)
        {
            using var connection = new NpgsqlConnection(database.ConnectionString);
            NpgsqlConnection.ClearPool(connection);
        }
    }

    private static bool Says(Exception e) => e switch
    {
        // Connection exceptions (08), a server shutting down or starting (57P01-57P03), too many connections.
        PostgresException p => p.SqlState.StartsWith("08", StringComparison.Ordinal) || p.SqlState.StartsWith("57P", StringComparison.Ordinal) || p.SqlState == "53300",
        NpgsqlException n => n.IsTransient || n.InnerException is SocketException or IOException or TimeoutException,
        // SQLITE_BUSY, SQLITE_LOCKED, SQLITE_IOERR, SQLITE_CANTOPEN.
        SqliteException s => s.SqliteErrorCode is 5 or 6 or 10 or 14,
        SocketException => true,
        _ => false,
    };
}
