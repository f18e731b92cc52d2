using System.Collections.Concurrent;
using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using Indicators.Forms;
using Indicators.Geography;
using Indicators.Periods;
using Indicators.Sheets;
using Indicators.Storage;
using Indicators.Submissions.Validation;

namespace Indicators.Submissions;

public sealed record ImportRequest(string FilePath, string FileName, string? Region, string? Quarter, string? Batch = null)
{
    /// <summary>Validate and report exactly as an import would, and store nothing.</summary>
    public bool DryRun { get; init; }

    /// <summary>Where the file came from: cli, web, api, inbox.</summary>
    public string Source { get; init; } = "cli";

    /// <summary>The portal account that sent the file, if any.</summary>
    public long? UploadedBy { get; init; }
}

public sealed record ImportResult
{
    public long? SubmissionId { get; init; }

    public required string Status { get; init; }

    public string? RegionCode { get; init; }

    public string? Quarter { get; init; }

    public string? BatchLabel { get; init; }

    public string? Sheet { get; init; }

    public int? HeaderRow { get; init; }

    public int RowsRead { get; init; }

    public int RowsAccepted { get; init; }

    public int RowsRejected { get; init; }

    public long? DuplicateOf { get; init; }

    public long? Supersedes { get; init; }

    public IReadOnlyList<ImportError> Errors { get; init; } = [];

    public IReadOnlyList<ImportError> Warnings { get; init; } = [];

    /// <summary>More errors were stored than kept in memory here.</summary>
    public bool ErrorsTruncated { get; init; }

    public bool IsRejected => Status == SubmissionStatus.Rejected;
}

public sealed record ImportOptions
{
    public long MaxFileBytes { get; init; } = 512L * 1024 * 1024;

    /// <summary>
    /// Row errors kept in memory for the result (the JSON, the annotated workbook). Each costs about
    /// 2 KB with its messages in three languages: 20,000 keep a file of errors within the memory bound.
    /// </summary>
    public int MaxErrorsKept { get; init; } = 20_000;

    /// <summary>
    /// Row errors stored per submission; the rest are counted (rows rejected, a warning saying how
    /// many) but not stored: a sheet of a million empty rows would otherwise write millions of rows
    /// of errors and a database of gigabytes, for a file that is rejected anyway.
    /// </summary>
    public int MaxErrorsStored { get; init; } = 100_000;

    public ReaderLimits Limits { get; init; } = ReaderLimits.Default;

    /// <summary>Called every <see cref="ProgressEvery"/> rows with the rows read so far.</summary>
    public Action<int>? Progress { get; init; }

    public int ProgressEvery { get; init; } = 10_000;

    /// <summary>Test hook: called after each accepted row is written, inside the transaction.</summary>
    internal Action<int>? AfterRowWritten { get; init; }
}

/// <summary>
/// Imports one uploaded sheet: keeps the original, reads region and quarter, refuses duplicates,
/// validates every row, and stores accepted rows and all errors in one transaction, superseding
/// the batch it replaces. Nothing accepted before is touched unless the new file is accepted.
/// </summary>
public sealed class ImportSubmission(Database db, FormDefinition form, Reference reference, Messages messages, TimeProvider time, ImportOptions? options = null)
{
    private readonly ImportOptions options = options ?? new ImportOptions();
    private readonly ErrorFactory errors = new(messages);

    /// <summary>Stores the file, records the submission and imports it, in one go.</summary>
    public ImportResult Run(ImportRequest request) => Start(request, importNow: true);

    /// <summary>
    /// Stores an upload and records it as a <c>pending</c> submission without importing it (the
    /// import job completes it with <see cref="Resume"/>); a file too large, or the same file as the
    /// active submission, is answered at once as <see cref="Run"/> would.
    /// </summary>
    public ImportResult Receive(ImportRequest request) => Start(request with { DryRun = false }, importNow: false);

    private ImportResult Start(ImportRequest request, bool importNow)
    {
        request = request with { FileName = FileNames.Safe(request.FileName) };
        using var connection = db.Connect();
        StoredFile stored;
        try
        {
            if (request.DryRun && new FileInfo(request.FilePath).Length > options.MaxFileBytes)
            {
                throw new FileTooLargeException(options.MaxFileBytes);
            }

            using var source = File.OpenRead(request.FilePath);
            stored = request.DryRun ? HashOnly(source, request.FilePath) : new FileStore(db.FilesDirectory).Save(source, options.MaxFileBytes);
        }
        catch (FileTooLargeException)
        {
            return Rejected(null, errors.File("file_too_large", new Dictionary<string, LocalizedText>
            {
                ["max"] = ErrorFactory.Same($"{options.MaxFileBytes / (1024 * 1024)} MB"),
            }));
        }

        var batch = string.IsNullOrWhiteSpace(request.Batch) || FileNames.Label(request.Batch).Length == 0
            ? Path.GetFileNameWithoutExtension(request.FileName)
            : FileNames.Label(request.Batch);
        batch = batch.Length == 0 ? request.FileName : batch;
        var fileErrors = new List<ImportError>();
        var (workbook, region, quarter) = Open(stored.Path, request, fileErrors);

        try
        {
            using var tx = connection.BeginTransaction();
            var store = new SubmissionStore(connection, tx);
            var regionCode = region?.Code ?? Clip(request.Region) ?? "?";
            var quarterText = quarter?.ToString() ?? Clip(request.Quarter) ?? "?";
            store.SaveFile(stored, time.GetUtcNow());

            if (fileErrors.Count == 0 && store.FindActiveBySha(regionCode, quarterText, stored.Sha256) is { } same)
            {
                var dupId = store.CreatePending(regionCode, quarterText, batch, request.FileName, stored, form.Id, form.Version, request.Source, time.GetUtcNow(), request.UploadedBy);
                store.Complete(dupId, SubmissionStatus.Duplicate, same.SheetName, null, 0, 0, 0, same.Id, time.GetUtcNow());
                Finish(tx, request);
                return new ImportResult
                {
                    SubmissionId = request.DryRun ? null : dupId,
                    Status = SubmissionStatus.Duplicate,
                    RegionCode = regionCode,
                    Quarter = quarterText,
                    BatchLabel = batch,
                    DuplicateOf = same.Id,
                };
            }

            var id = store.CreatePending(regionCode, quarterText, batch, request.FileName, stored, form.Id, form.Version, request.Source, time.GetUtcNow(), request.UploadedBy);
            if (!request.DryRun)
            {
                // The pending record and the original file survive a crash during the import below.
                tx.Commit();
            }

            if (!importNow)
            {
                return new ImportResult { SubmissionId = id, Status = SubmissionStatus.Pending, RegionCode = regionCode, Quarter = quarterText, BatchLabel = batch };
            }

            return Import(connection, request.DryRun ? tx : null, id, workbook, region, quarter, batch, fileErrors, request);
        }
        finally
        {
            workbook?.Dispose();
        }
    }

    /// <summary>
    /// Completes a submission a crash left <c>pending</c> (its rows, if any, were rolled back with
    /// their transaction): the stored original is read again into the same submission. A submission
    /// no longer pending is reported as it stands.
    /// </summary>
    public ImportResult Resume(long submissionId)
    {
        using var connection = db.Connect();
        var s = new SubmissionStore(connection).Get(submissionId) ?? throw new ArgumentException($"No submission {submissionId}.", nameof(submissionId));
        if (s.Status != SubmissionStatus.Pending)
        {
            return Stored(s.Id);
        }

        var request = new ImportRequest(new FileStore(db.FilesDirectory).PathOf(s.Sha256), s.FileName, s.RegionCode, s.Quarter, s.BatchLabel);
        var fileErrors = new List<ImportError>();
        var (workbook, region, quarter) = Open(request.FilePath, request, fileErrors);

        try
        {
            return Import(connection, null, s.Id, workbook, region, quarter, s.BatchLabel, fileErrors, request);
        }
        finally
        {
            workbook?.Dispose();
        }
    }

    /// <summary>The result of a completed submission as the import reported it: counts, errors and warnings from the database.</summary>
    public ImportResult Stored(long submissionId)
    {
        using var connection = db.Connect();
        var s = new SubmissionStore(connection).Get(submissionId) ?? throw new ArgumentException($"No submission {submissionId}.", nameof(submissionId));
        var stored = Dapper.SqlMapper.Query<StoredError>(
            connection,
            """
            SELECT code AS Code, sheet AS Sheet, row_number AS RowNumber, column_index AS ColumnIndex, column_name AS ColumnName,
                field AS Field, value AS Value, message_fr AS Fr, message_ar AS Ar, message_en AS En, severity AS Severity
            FROM row_errors WHERE submission_id = @id
            ORDER BY CASE WHEN row_number IS NULL THEN 0 ELSE 1 END, id
            """,
            new { id = submissionId },
            buffered: false);
        var found = new List<ImportError>();
        var warnings = new List<ImportError>();
        var truncated = false;
        foreach (var e in stored)
        {
            var error = new ImportError(e.Code, e.Sheet, e.RowNumber, e.ColumnIndex, e.ColumnName, e.Field, e.Value, new(e.Fr, e.Ar, e.En), e.Severity == "warning");
            if (error.IsWarning)
            {
                warnings.Add(error);
                truncated |= error.Code == "errors_not_stored";
            }
            else if (found.Count < options.MaxErrorsKept)
            {
                found.Add(error);
            }
            else
            {
                truncated = true;
            }
        }

        return new ImportResult
        {
            SubmissionId = s.Id,
            Status = s.Status,
            RegionCode = s.RegionCode,
            Quarter = s.Quarter,
            BatchLabel = s.BatchLabel,
            Sheet = s.SheetName,
            RowsRead = s.RowsRead,
            RowsAccepted = s.RowsAccepted,
            RowsRejected = s.RowsRejected,
            DuplicateOf = s.DuplicateOf,
            Supersedes = Dapper.SqlMapper.QueryFirstOrDefault<long?>(connection, "SELECT id FROM submissions WHERE superseded_by = @id", new { id = submissionId }),
            Errors = found,
            Warnings = warnings,
            ErrorsTruncated = truncated,
        };
    }

    /// <summary>The workbook and the region and quarter it is for (arguments, then its metadata sheet); a file that cannot be read adds its error.</summary>
    private (IWorkbookReader? Workbook, Region? Region, Quarter? Quarter) Open(string path, ImportRequest request, List<ImportError> fileErrors)
    {
        IWorkbookReader? workbook = null;
        try
        {
            workbook = WorkbookFile.Open(path, request.FileName, options.Limits);
            var (region, quarter) = ResolveTarget(request, TemplateMetadata.Read(workbook), fileErrors);
            return (workbook, region, quarter);
        }
        catch (SheetFileException e)
        {
            workbook?.Dispose();
            fileErrors.Add(FileError(e));
            var (region, quarter) = ResolveTarget(request, [], []);
            return (null, region, quarter);
        }
    }

    /// <summary>Submissions a crash left pending, oldest first.</summary>
    /// <summary>A submission's status, or null when there is none with that id.</summary>
    public static string? StatusOf(Database db, long submissionId)
    {
        using var connection = db.Connect();
        return Dapper.SqlMapper.ExecuteScalar<string>(connection, "SELECT status FROM submissions WHERE id = @submissionId", new { submissionId });
    }

    public static IReadOnlyList<long> Pending(Database db)
    {
        using var connection = db.Connect();
        return Dapper.SqlMapper.Query<long>(connection, "SELECT id FROM submissions WHERE status = 'pending' ORDER BY id").ToList();
    }

    private ImportResult Import(
        DbConnection connection,
        DbTransaction? dryRunTx,
        long id,
        IWorkbookReader? workbook,
        Region? region,
        Quarter? quarter,
        string batch,
        List<ImportError> fileErrors,
        ImportRequest request)
    {
        var tx = dryRunTx ?? connection.BeginTransaction();
        try
        {
            var store = new SubmissionStore(connection, tx);

            // Claim the submission: on PostgreSQL a row lock holds off another node resuming it
            // (SQLite transactions here are immediate, so writers queue already); whoever comes
            // second finds it no longer pending and reports it as it stands.
            var current = Dapper.SqlMapper.ExecuteScalar<string>(
                connection,
                connection is Npgsql.NpgsqlConnection ? "SELECT status FROM submissions WHERE id = @id FOR UPDATE" : "SELECT status FROM submissions WHERE id = @id",
                new { id },
                tx);
            if (current != SubmissionStatus.Pending)
            {
                tx.Rollback();
                tx.Dispose();
                return Resume(id);
            }

            using var errorWriter = new ErrorWriter(connection, tx);
            var kept = new List<ImportError>();
            var warnings = new List<ImportError>();
            var truncated = false;
            var counts = (Read: 0, Accepted: 0, Rejected: 0);
            string? sheetName = null;
            int? headerRow = null;
            long? supersedes = null;

            var stored = 0;
            var notStored = 0;
            void Record(ImportError e)
            {
                if (e.Row is not null && !e.IsWarning && stored++ >= options.MaxErrorsStored)
                {
                    notStored++;
                    truncated = true;
                    return;
                }

                errorWriter.Insert(id, e);
                if (e.IsWarning)
                {
                    warnings.Add(e);
                }
                else if (kept.Count < options.MaxErrorsKept)
                {
                    kept.Add(e);
                }
                else
                {
                    truncated = true;
                }
            }

            if (fileErrors.Count == 0 && workbook is not null && region is not null && quarter is not null)
            {
                try
                {
                    supersedes = store.FindActiveByBatch(region.Code, quarter.Value.ToString(), batch)?.Id;
                    using var header = HeaderDetector.Find(workbook, form, errors);
                    if (header is null)
                    {
                        fileErrors.Add(NoHeader());
                    }
                    else
                    {
                        sheetName = header.SheetName;
                        headerRow = header.Row;
                        header.Warnings.ToList().ForEach(Record);
                        fileErrors.AddRange(header.FileErrors);
                        if (fileErrors.Count == 0)
                        {
                            counts = ReadRows(connection, tx, store, id, header, workbook.Date1904, region, quarter.Value, supersedes, Record, errorWriter, out var silenced);
                            notStored += silenced;
                        }
                    }
                }
                catch (SheetFileException e)
                {
                    fileErrors.Add(FileError(e));
                }
            }

            if (fileErrors.Count == 0 && counts.Read == 0)
            {
                fileErrors.Add(errors.File("no_data_rows", null, sheetName));
            }

            if (fileErrors.Count == 0 && counts.Rejected > form.Limits.MaxRowErrorShare * counts.Read)
            {
                fileErrors.Add(errors.File("too_many_errors", new Dictionary<string, LocalizedText>
                {
                    ["rejected"] = ErrorFactory.Same(counts.Rejected.ToString(CultureInfo.InvariantCulture)),
                    ["read"] = ErrorFactory.Same(counts.Read.ToString(CultureInfo.InvariantCulture)),
                    ["share"] = ErrorFactory.Same(form.Limits.MaxRowErrorShare.ToString("P0", CultureInfo.InvariantCulture)),
                }, sheetName));
            }

            if (notStored > 0)
            {
                truncated = true;
                Record(errors.Warning("errors_not_stored", new Dictionary<string, LocalizedText>
                {
                    ["count"] = ErrorFactory.Same(notStored.ToString(CultureInfo.InvariantCulture)),
                    ["max"] = ErrorFactory.Same(options.MaxErrorsStored.ToString(CultureInfo.InvariantCulture)),
                }, sheetName, null, null));
            }

            string status;
            if (fileErrors.Count > 0)
            {
                store.DeleteResponses(id);
                foreach (var e in fileErrors)
                {
                    Record(e);
                }

                // A rejected file imports nothing: its rows are all counted as rejected.
                counts = (counts.Read, 0, counts.Read);
                status = SubmissionStatus.Rejected;
                supersedes = null;
            }
            else
            {
                status = counts.Rejected > 0 ? SubmissionStatus.AcceptedWithErrors : SubmissionStatus.Accepted;
                store.Activate(id, supersedes);
            }

            store.Complete(id, status, sheetName, headerRow, counts.Read, counts.Accepted, counts.Rejected, null, time.GetUtcNow());
            Finish(tx, request);
            return new ImportResult
            {
                SubmissionId = request.DryRun ? null : id,
                Status = status,
                RegionCode = region?.Code,
                Quarter = quarter?.ToString(),
                BatchLabel = batch,
                Sheet = sheetName,
                HeaderRow = headerRow,
                RowsRead = counts.Read,
                RowsAccepted = counts.Accepted,
                RowsRejected = counts.Rejected,
                Supersedes = supersedes,
                Errors = [.. fileErrors, .. kept.Where(e => !e.IsFileError)],
                Warnings = warnings,
                ErrorsTruncated = truncated,
            };
        }
        finally
        {
            tx.Dispose();
        }
    }

    /// <summary>
    /// Reads and validates on this thread while a second thread writes accepted rows and errors:
    /// on two cores the import costs little more than the reading. Only the writer touches the
    /// connection until both are done; a failure on either side stops both and is rethrown.
    /// </summary>
    private (int Read, int Accepted, int Rejected) ReadRows(
        DbConnection connection,
        DbTransaction tx,
        SubmissionStore store,
        long id,
        SheetHeader header,
        bool date1904,
        Region region,
        Quarter quarter,
        long? supersedes,
        Action<ImportError> record,
        ErrorWriter errorWriter,
        out int silenced)
    {
        silenced = 0;
        var respondents = new RespondentRegistry(messages);
        respondents.Reserve(store.ActiveRows(region.Code, quarter.ToString(), supersedes));
        foreach (var (respondent, submission) in store.ActiveRespondents(region.Code, quarter.ToString(), supersedes))
        {
            respondents.AddExisting(respondent, submission);
        }

        var validator = new RowValidator(form, header.Bindings, region, quarter, date1904, header.SheetName, errors, reference, respondents);
        var width = form.Fields.Count;
        using var full = new BlockingCollection<RowBatch>(boundedCapacity: 4);
        using var empty = new BlockingCollection<RowBatch>();
        for (var i = 0; i < 6; i++)
        {
            empty.Add(new RowBatch(width));
        }

        using var stop = new CancellationTokenSource();
        var accepted = 0;
        var writer = Task.Run(() =>
        {
            try
            {
                using var rows = ResponseWriter.Create(connection, tx, form);

                // Errors wait in a bounded list so that a bulk writer holding the connection (a
                // PostgreSQL COPY) is interrupted once per few thousand errors, not once per batch.
                var deferred = new List<ImportError>();
                void WriteDeferred()
                {
                    rows.Flush();
                    errorWriter.BeginBulk();
                    deferred.ForEach(record);
                    errorWriter.EndBulk();
                    deferred.Clear();
                }

                foreach (var batch in full.GetConsumingEnumerable(stop.Token))
                {
                    for (var r = 0; r < batch.Count; r++)
                    {
                        rows.Insert(id, batch.Rows[r], batch.Values.AsSpan(r * width, width));
                        accepted++;
                        options.AfterRowWritten?.Invoke(accepted);
                    }

                    deferred.AddRange(batch.Errors);
                    batch.Clear();
                    empty.Add(batch);
                    if (deferred.Count >= 8192)
                    {
                        WriteDeferred();
                    }
                }

                WriteDeferred();
            }
            catch
            {
                stop.Cancel();
                throw;
            }
        });

        // A third thread reads the sheet ahead, so that reading and validating share the cores with
        // the writer (and PostgreSQL's server); it stops with the others on a failure. Measured at
        // 1,000,000 rows on two cores, PostgreSQL too: 64-65 % of the COPY floor against 61-62 %
        // with reading on this thread.
        using var readAhead = new BlockingCollection<ReadRowBatch>(boundedCapacity: 2);
        using var readFree = new BlockingCollection<ReadRowBatch>();
        for (var i = 0; i < 4; i++)
        {
            readFree.Add(new ReadRowBatch());
        }

        var reader = Task.Run(() => ReadAhead(header.Reader, readAhead, readFree, stop));
        var rowErrors = new List<ImportError>();
        int read = 0, rejected = 0, sent = 0;
        try
        {
            var current = empty.Take(stop.Token);
            foreach (var rows in readAhead.GetConsumingEnumerable(stop.Token))
            {
                for (var k = 0; k < rows.Count; k++)
                {
                    var row = rows.Rows[k];
                    read++;
                    rowErrors.Clear();
                    if (validator.Validate(row, rowErrors))
                    {
                        current.Add(row.Number, validator.Values);
                    }
                    else if (validator.CountOnly)
                    {
                        rejected++;
                        silenced += rowErrors.Count;
                    }
                    else
                    {
                        rejected++;
                        current.Errors.AddRange(rowErrors);
                        sent += rowErrors.Count;
                        validator.CountOnly = sent >= Math.Max(options.MaxErrorsStored, options.MaxErrorsKept);
                    }

                    if (current.IsFull)
                    {
                        full.Add(current, stop.Token);
                        current = empty.Take(stop.Token);
                    }

                    if (options.Progress is not null && read % options.ProgressEvery == 0)
                    {
                        options.Progress(read);
                    }
                }

                // The reader's failure (an unreadable or too large part of the file) comes after
                // the rows it read, as when reading on this thread.
                rows.Failure?.Throw();
                rows.Clear();
                readFree.Add(rows, stop.Token);
            }

            full.Add(current, stop.Token);
            full.CompleteAdding();
        }
        catch (OperationCanceledException) when (writer.IsFaulted || stop.IsCancellationRequested)
        {
            // The writer failed; its exception is rethrown below.
        }
        catch
        {
            stop.Cancel();
            WaitQuietly(writer);
            WaitQuietly(reader);
            throw;
        }

        WaitQuietly(reader);
        writer.GetAwaiter().GetResult();
        return (read, accepted, rejected);
    }

    /// <summary>
    /// Reads the sheet's non-blank rows into batches for the validating thread; a failure travels
    /// in the last batch, after the rows read before it.
    /// </summary>
    private static void ReadAhead(ISheetReader sheet, BlockingCollection<ReadRowBatch> ahead, BlockingCollection<ReadRowBatch> free, CancellationTokenSource stop)
    {
        ReadRowBatch? batch = null;
        try
        {
            batch = free.Take(stop.Token);
            while (sheet.Read(batch.Slot()))
            {
                if (batch.Commit())
                {
                    ahead.Add(batch, stop.Token);
                    batch = null;
                    batch = free.Take(stop.Token);
                }
            }

            ahead.Add(batch, stop.Token);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // the validating or the writing thread failed: its exception is the one reported
        }
        catch (Exception e) when (batch is not null)
        {
            batch.Failure = System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e);
            try
            {
                ahead.Add(batch, stop.Token);
            }
            catch (OperationCanceledException)
            {
                // stopped meanwhile
            }
        }
        finally
        {
            ahead.CompleteAdding();
        }
    }

    /// <summary>
    /// Rows read ahead of validation, full at 1,024 rows or when its cells or characters would
    /// hold too much memory (a sheet of 2,048-column rows, or of long texts).
    /// </summary>
    private sealed class ReadRowBatch
    {
        private const int MaxRows = 1024;
        private const int MaxCells = 64 * 1024;
        private const long MaxChars = 1024 * 1024;
        private long cells;
        private long chars;

        public SheetRow[] Rows { get; } = Enumerable.Range(0, MaxRows).Select(_ => new SheetRow()).ToArray();

        public int Count { get; private set; }

        public System.Runtime.ExceptionServices.ExceptionDispatchInfo? Failure { get; set; }

        /// <summary>The row the next read fills.</summary>
        public SheetRow Slot() => Rows[Count];

        /// <summary>Keeps the row just read unless blank; true when the batch is full.</summary>
        public bool Commit()
        {
            var row = Rows[Count];
            if (row.IsBlank())
            {
                return false;
            }

            Count++;
            cells += row.Width;
            for (var i = 0; i < row.Width; i++)
            {
                chars += row[i].Text?.Length ?? 0;
            }

            return Count == MaxRows || cells >= MaxCells || chars >= MaxChars;
        }

        public void Clear()
        {
            for (var i = 0; i < Count; i++)
            {
                // A row grown wide for one sheet row would stay wide: a fresh one instead.
                if (Rows[i].Capacity > 128)
                {
                    Rows[i] = new SheetRow();
                }
                else
                {
                    Rows[i].Clear();
                }
            }

            Count = 0;
            cells = chars = 0;
            Failure = null;
        }
    }

    private static void WaitQuietly(Task task)
    {
        try
        {
            task.Wait();
        }
        catch (AggregateException)
        {
            // The reader's own exception is the one that matters.
        }
    }

    /// <summary>Accepted rows (values copied out of the validator) and errors, handed to the writer thread.</summary>
    private sealed class RowBatch(int width)
    {
        private const int Capacity = 2048;

        public FieldValue[] Values { get; } = new FieldValue[Capacity * width];

        public int[] Rows { get; } = new int[Capacity];

        public List<ImportError> Errors { get; } = [];

        public int Count { get; private set; }

        public bool IsFull => Count == Capacity || Errors.Count >= Capacity;

        public void Add(int rowNumber, ReadOnlySpan<FieldValue> values)
        {
            values.CopyTo(Values.AsSpan(Count * width, width));
            Rows[Count++] = rowNumber;
        }

        public void Clear()
        {
            Array.Clear(Values, 0, Count * width);
            Count = 0;
            Errors.Clear();
        }
    }

    private (Region?, Quarter?) ResolveTarget(ImportRequest request, Dictionary<string, string> metadata, List<ImportError> fileErrors)
    {
        var fileRegion = metadata.TryGetValue("region", out var mr) ? reference.FindRegion(mr) : null;
        Quarter? fileQuarter = metadata.TryGetValue("quarter", out var mq) && Quarter.TryParse(mq, out var q) ? q : null;
        var givenRegion = request.Region is null ? null : reference.FindRegion(request.Region);
        Quarter? givenQuarter = request.Quarter is not null && Quarter.TryParse(request.Quarter, out var gq) ? gq : null;

        if (request.Region is not null && givenRegion is null)
        {
            fileErrors.Add(RegionMissing(request.Region));
        }
        else if (givenRegion is not null && fileRegion is not null && givenRegion != fileRegion)
        {
            fileErrors.Add(errors.File("region_mismatch", new Dictionary<string, LocalizedText>
            {
                ["given"] = RegionText(givenRegion),
                ["file"] = RegionText(fileRegion),
            }));
        }
        else if (givenRegion is null && fileRegion is null)
        {
            fileErrors.Add(RegionMissing(request.Region ?? string.Empty));
        }

        if (request.Quarter is not null && givenQuarter is null || request.Quarter is null && fileQuarter is null)
        {
            fileErrors.Add(errors.File("quarter_missing", new Dictionary<string, LocalizedText> { ["given"] = ErrorFactory.Same(request.Quarter ?? string.Empty) }));
        }
        else if (givenQuarter is not null && fileQuarter is not null && givenQuarter != fileQuarter)
        {
            fileErrors.Add(errors.File("quarter_mismatch", new Dictionary<string, LocalizedText>
            {
                ["given"] = ErrorFactory.Same(givenQuarter.Value.ToString()),
                ["file"] = ErrorFactory.Same(fileQuarter.Value.ToString()),
            }));
        }

        return (givenRegion ?? fileRegion, givenQuarter ?? fileQuarter);
    }

    private ImportError RegionMissing(string given) => errors.File("region_missing", new Dictionary<string, LocalizedText>
    {
        ["given"] = ErrorFactory.Same(given),
        ["codes"] = new(
            string.Join(", ", reference.Regions.Select(r => $"{r.Code} {r.Name.Fr}")),
            string.Join("، ", reference.Regions.Select(r => $"{r.Code} {r.Name.Ar}")),
            string.Join(", ", reference.Regions.Select(r => $"{r.Code} {r.Name.En}"))),
    });

    private static LocalizedText RegionText(Region r) => new($"{r.Code} {r.Name.Fr}", $"{r.Code} {r.Name.Ar}", $"{r.Code} {r.Name.En}");

    private ImportError NoHeader() => errors.File("no_header", new Dictionary<string, LocalizedText>
    {
        ["rows"] = ErrorFactory.Same(form.Limits.HeaderSearchRows.ToString(CultureInfo.InvariantCulture)),
        ["min"] = ErrorFactory.Same(form.Limits.MinHeaderMatches.ToString(CultureInfo.InvariantCulture)),
        ["example"] = new(
            string.Join(" », « ", form.Fields.Take(3).Select(f => f.Label.Fr)),
            string.Join("»، «", form.Fields.Take(3).Select(f => f.Label.Ar)),
            string.Join("', '", form.Fields.Take(3).Select(f => f.Label.En))),
    });

    private ImportError FileError(SheetFileException e)
    {
        if (e.Code == "no_header")
        {
            return NoHeader();
        }

        var args = e.Args.ToDictionary(kv => kv.Key, kv => ErrorFactory.Same(kv.Value));
        args.TryAdd("detail", ErrorFactory.Same(e.InnerException?.Message ?? e.Code));
        return errors.File(e.Code, args, e.Args.TryGetValue("sheet", out var sheet) ? sheet : null);
    }

    private ImportResult Rejected(long? id, ImportError error) => new()
    {
        SubmissionId = id,
        Status = SubmissionStatus.Rejected,
        Errors = [error],
    };

    private static void Finish(DbTransaction tx, ImportRequest request)
    {
        if (request.DryRun)
        {
            tx.Rollback();
        }
        else
        {
            tx.Commit();
        }
    }

    private static string? Clip(string? text) => text is null ? null : text.Length > 40 ? text[..40] : text.Trim();

    private static StoredFile HashOnly(Stream stream, string path) =>
        new(Convert.ToHexStringLower(SHA256.HashData(stream)), stream.Length, Path.GetFullPath(path));

    private sealed class StoredError
    {
        public string Code { get; init; } = string.Empty;

        public string? Sheet { get; init; }

        public int? RowNumber { get; init; }

        public int? ColumnIndex { get; init; }

        public string? ColumnName { get; init; }

        public string? Field { get; init; }

        public string? Value { get; init; }

        public string Fr { get; init; } = string.Empty;

        public string Ar { get; init; } = string.Empty;

        public string En { get; init; } = string.Empty;

        public string Severity { get; init; } = string.Empty;
    }
}
