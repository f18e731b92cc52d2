using System.Globalization;

namespace Indicators.Submissions.Validation;

/// <summary>
/// Respondent ids already used: by active submissions of the same region and quarter, and by
/// earlier rows of this file. The first occurrence keeps the id; later ones are errors.
/// </summary>
public sealed class RespondentRegistry(Forms.Messages messages)
{
    // Row number in this file (> 0), or minus the id of the earlier submission that holds it.
    private readonly Dictionary<string, long> seen = new(StringComparer.Ordinal);

    public void AddExisting(string respondentId, long submissionId) => seen.TryAdd(respondentId, -submissionId);

    /// <summary>Room for <paramref name="count"/> ids without growing the table on the way.</summary>
    public void Reserve(int count) => seen.EnsureCapacity(count);

    public int Count => seen.Count;

    public bool Claim(string respondentId, int row, out LocalizedText where)
    {
        if (seen.TryAdd(respondentId, row))
        {
            where = null!;
            return true;
        }

        var holder = seen[respondentId];
        where = holder > 0
            ? Forms.Messages.Format(messages.Get("duplicateWhere.thisFile"), new Dictionary<string, LocalizedText>
            {
                ["row"] = ErrorFactory.Same(holder.ToString(CultureInfo.InvariantCulture)),
            })
            : Forms.Messages.Format(messages.Get("duplicateWhere.earlier"), new Dictionary<string, LocalizedText>
            {
                ["submission"] = ErrorFactory.Same((-holder).ToString(CultureInfo.InvariantCulture)),
            });
        return false;
    }
}
