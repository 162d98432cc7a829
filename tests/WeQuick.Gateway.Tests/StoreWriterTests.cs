using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using WeQuick.Gateway.Storage;
using WeQuick.Gateway.Tests.Infrastructure;

namespace WeQuick.Gateway.Tests;

public sealed class StoreWriterTests
{
    [Fact]
    public async Task A_failing_write_is_undone_alone_and_its_neighbours_in_the_same_commit_are_kept()
    {
        var dir = TestGateway.NewDataDirectory();
        try
        {
            var store = TestGateway.OpenStore(dir);
            await store.InitializeAsync(default);
            var writer = new StoreWriter(store, new InProcessGatewayBus(), Options.Create(new GatewayOptions()), NullLogger<StoreWriter>.Instance);
            writer.Start();
            static NewEvent Event(string text) => new("test", "wxid_me", null, DateTimeOffset.UnixEpoch, EventSource.Client, "application/json", TestGateway.Utf8(text));

            // Hold the writer inside a first commit until everything is queued, so the 50 writes are pending together.
            using var gate = new ManualResetEventSlim();
            using var entered = new ManualResetEventSlim();
            var holding = writer.RunAsync(s =>
            {
                entered.Set();
                return gate.Wait(TimeSpan.FromSeconds(30));
            });
            Assert.True(entered.Wait(TimeSpan.FromSeconds(30)));
            var items = new List<Task<long>>();
            for (var i = 0; i < 50; i++)
            {
                var text = $"event {i}";
                var fails = i % 7 == 3;
                items.Add(writer.RunAsync(s =>
                {
                    var seq = s.AppendEvent(Event(text));
                    return fails ? throw new InvalidOperationException("this item fails after writing") : seq;
                }));
            }

            gate.Set();
            Assert.True(await holding);
            var outcomes = await Task.WhenAll(items.Select(async t =>
            {
                try
                {
                    return (Ok: true, Seq: await t);
                }
                catch (InvalidOperationException)
                {
                    return (Ok: false, Seq: 0L);
                }
            }));
            await writer.StopAsync();

            var stored = await store.ReadEventsAsync(0, 1000, default);
            var expected = Enumerable.Range(0, 50).Where(i => i % 7 != 3).Select(i => $"event {i}").ToList();
            Assert.Equal(expected, stored.Select(e => System.Text.Encoding.UTF8.GetString(e.Body)));
            Assert.Equal(outcomes.Where(o => o.Ok).Select(o => o.Seq), stored.Select(e => e.Seq));
            // One commit for the gate, one for all fifty (the failing ones undone inside it).
            Assert.Equal(2, writer.Commits);
            await Assert.ThrowsAsync<GatewayUnavailableException>(() => writer.RunAsync(s => 0));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task Commits_never_checkpoint_the_log_the_checkpointer_beside_the_writer_does_once_an_interval_has_passed()
    {
        await TestGateway.WithDataDirectoryAsync(async dir =>
        {
            var (store, writer, time) = await StartOnFakeClockAsync(dir);
            var file = new FileInfo(store.DatabasePath);
            file.Refresh();
            var before = file.Length;

            // About 6,000 pages of log in 60 commits: past SQLite's own automatic threshold (1,000 pages) many
            // times over, and past the 4,000 this store used before. A commit that checkpointed would grow the file.
            await CommitLargeAsync(writer, 60);

            file.Refresh();
            Assert.Equal(before, file.Length);
            var checkpointer = store.Checkpointer!;
            Assert.Equal(0, checkpointer.Checkpoints);

            // The loop may still be on its way to its timer: move the clock on until the checkpoint has run.
            await Eventually.TrueAsync(
                () =>
                {
                    time.Advance(store.CheckpointInterval);
                    return Task.FromResult(checkpointer.Checkpoints >= 1);
                },
                () => "no checkpoint ran after the interval");
            file.Refresh();
            Assert.True(file.Length > before + (20 * 1024 * 1024), $"the database file is {file.Length} bytes; the log's 24 MB were not copied into it");
            Assert.Equal(checkpointer.Last.Log, checkpointer.Last.Copied);

            // Nothing new committed: the loop waits for a commit, not for the clock.
            time.Advance(store.CheckpointInterval * 10);
            Assert.Equal(1, checkpointer.Checkpoints);
            await writer.StopAsync();
            Assert.Equal(60 * 100, await store.CountEventsAsync(default));
        });
    }

    [Fact]
    public async Task A_log_the_checkpointer_could_not_copy_whole_is_topped_up_by_the_writer_and_started_over_at_its_next_commit()
    {
        await TestGateway.WithDataDirectoryAsync(async dir =>
        {
            var (store, writer, time) = await StartOnFakeClockAsync(dir);
            // Under load the writer appends while a pass runs, so the pass ends short of the log's end. A reader's
            // snapshot in the middle of the log stops the pass in the same way, and holds still for a test.
            await CommitLargeAsync(writer, 30);
            await using (var reader = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={store.DatabasePath};Pooling=False"))
            {
                await reader.OpenAsync();
                await using var snapshot = reader.BeginTransaction(deferred: true);
                await using (var count = reader.CreateCommand())
                {
                    count.CommandText = "SELECT COUNT(*) FROM events";
                    Assert.Equal(3000L, await count.ExecuteScalarAsync());
                }

                await CommitLargeAsync(writer, 30);
                var checkpointer = store.Checkpointer!;
                await Eventually.TrueAsync(
                    () =>
                    {
                        time.Advance(store.CheckpointInterval);
                        return Task.FromResult(checkpointer.Checkpoints >= 1);
                    },
                    () => "no checkpoint ran after the interval");
                Assert.True(checkpointer.Last.Log >= Storage.Sqlite.SqliteCheckpointer.DefaultTopUpFrames, $"the log held {checkpointer.Last.Log} frames");
                Assert.True(checkpointer.Last.Copied < checkpointer.Last.Log, $"the pass copied {checkpointer.Last.Copied} of {checkpointer.Last.Log} frames past the reader");
                Assert.Equal(0, checkpointer.TopUps);
            }

            // The reader is gone; no new pass is due (the clock stands still). The writer's next transaction tops
            // the copy up first, and its commit writes the log from the start again: a new checkpoint number.
            var startedOver = WalCheckpointNumber(store.DatabasePath);
            await CommitLargeAsync(writer, 1);
            Assert.Equal(1, store.Checkpointer!.TopUps);
            Assert.Equal(startedOver + 1, WalCheckpointNumber(store.DatabasePath));

            // Only one pass asked: the commits after it run no top-up.
            await CommitLargeAsync(writer, 3);
            Assert.Equal(1, store.Checkpointer!.TopUps);
            await writer.StopAsync();
            Assert.Equal(64 * 100, await store.CountEventsAsync(default));
        });
    }

    /// <summary>A SQLite store on a fake clock (its checkpointer waits for the test), with its writer started.</summary>
    private static async Task<(Storage.Sqlite.SqliteGatewayStore Store, StoreWriter Writer, Microsoft.Extensions.Time.Testing.FakeTimeProvider Time)> StartOnFakeClockAsync(string dir)
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var store = new Storage.Sqlite.SqliteGatewayStore(new Storage.Sqlite.SqliteStoreOptions { DataDirectory = dir, Durable = false }, time);
        await store.InitializeAsync(default);
        var writer = new StoreWriter(store, new InProcessGatewayBus(), Options.Create(new GatewayOptions()), NullLogger<StoreWriter>.Instance);
        writer.Start();
        return (store, writer, time);
    }

    /// <summary><paramref name="commits"/> commits of 100 events of 4,000 bytes each: about 100 pages of log per commit.</summary>
    private static async Task CommitLargeAsync(StoreWriter writer, int commits)
    {
        var body = new byte[4000];
        for (var commit = 0; commit < commits; commit++)
        {
            await writer.RunAsync(s =>
            {
                for (var i = 0; i < 100; i++)
                {
                    s.AppendEvent(new NewEvent("test", "wxid_me", null, DateTimeOffset.UnixEpoch, EventSource.Client, "application/octet-stream", body));
                }

                return 0;
            });
        }
    }

    /// <summary>The write-ahead log header's checkpoint sequence number: SQLite adds one each time it starts the log over.</summary>
    private static uint WalCheckpointNumber(string databasePath)
    {
        using var wal = new FileStream(databasePath + "-wal", FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var header = new byte[16];
        wal.ReadExactly(header);
        return System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(12));
    }

    [Fact]
    public async Task Migrations_record_the_schema_version_and_run_once()
    {
        var dir = TestGateway.NewDataDirectory();
        try
        {
            var store = TestGateway.OpenStore(dir);
            await store.InitializeAsync(default);
            await store.InitializeAsync(default);
            await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(dir, "wequick.db")}");
            await connection.OpenAsync();
            await using var cmd = connection.CreateCommand();
            cmd.CommandText = "SELECT COUNT(*), MAX(version) FROM schema_version; ";
            await using var reader = await cmd.ExecuteReaderAsync();
            Assert.True(await reader.ReadAsync());
            Assert.Equal(1, reader.GetInt64(0));
            Assert.Equal(Storage.Sqlite.SqliteMigrations.CurrentVersion, reader.GetInt32(1));
            await using var mode = connection.CreateCommand();
            mode.CommandText = "PRAGMA journal_mode";
            Assert.Equal("wal", (string?)await mode.ExecuteScalarAsync());
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public Task A_log_kept_with_autoincrement_keeps_every_event_and_goes_on_from_its_last_seq() => TestGateway.WithDataDirectoryAsync(async dir =>
    {
        // A version-5 database as the builds before migration 6 left it: seq under AUTOINCREMENT, two events (the
        // second given seq 7, so the log has a gap) and the sequence row that AUTOINCREMENT keeps at 7.
        var path = Path.Combine(dir, "wequick.db");
        await TestGateway.WriteDatabaseAtVersionAsync(dir, 5, """
            INSERT INTO events (kind, account, received_at, source, body) VALUES ('reportTextMessage', 'wxid_me', 1, 0, x'01');
            INSERT INTO events (seq, kind, account, received_at, source, body) VALUES (7, 'reportTextMessage', 'wxid_me', 2, 0, x'02');
            """);
        await using (var old = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=False"))
        {
            await old.OpenAsync();
            await using var cmd = old.CreateCommand();
            cmd.CommandText = "SELECT seq FROM sqlite_sequence WHERE name = 'events'";
            Assert.Equal(7L, await cmd.ExecuteScalarAsync());
        }

        var store = TestGateway.OpenStore(dir);
        await store.InitializeAsync(default);
        var writer = new StoreWriter(store, new InProcessGatewayBus(), Options.Create(new GatewayOptions()), NullLogger<StoreWriter>.Instance);
        writer.Start();
        var seq = await writer.RunAsync(s => s.AppendEvent(new NewEvent("reportTextMessage", "wxid_me", null, DateTimeOffset.UnixEpoch, EventSource.Client, null, new byte[] { 3 })));
        await writer.StopAsync();
        Assert.Equal(8, seq);
        Assert.Equal([1L, 7L, 8L], (await store.ReadEventsAsync(0, 10, default)).Select(e => e.Seq));

        await using var check = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=False");
        await check.OpenAsync();
        await using var query = check.CreateCommand();
        query.CommandText = "SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = 'events'";
        var definition = (string)(await query.ExecuteScalarAsync())!;
        Assert.Contains("seq          INTEGER PRIMARY KEY,", definition, StringComparison.Ordinal);
        Assert.DoesNotContain("AUTOINCREMENT", definition, StringComparison.Ordinal);
        query.CommandText = "SELECT COUNT(*) FROM sqlite_sequence WHERE name = 'events'";
        Assert.Equal(0L, await query.ExecuteScalarAsync());
        query.CommandText = "PRAGMA integrity_check";
        Assert.Equal("ok", await query.ExecuteScalarAsync());
        query.CommandText = "SELECT MAX(version) FROM schema_version";
        Assert.Equal((long)Storage.Sqlite.SqliteMigrations.CurrentVersion, await query.ExecuteScalarAsync());
    });

    [Fact]
    public async Task The_event_cursor_pages_through_the_log_without_gaps()
    {
        await using var gateway = await TestGateway.StartAsync();
        var client = gateway.Client(pid: 1, wxid: "wxid_me");
        for (var i = 0; i < 25; i++)
        {
            await client.ReportAsync(new WeQuick.Protocol.TextMessageReport { Account = "wxid_me", MsgType = 1, WxidFrom = "wxid_a", WxidTo = "wxid_me", Message = $"m{i}" });
        }

        var seen = new List<long>();
        long after = 0;
        for (var page = 0; page < 10; page++)
        {
            var json = await gateway.GetJsonAsync($"/api/v1/events?cursor={after}&limit=10");
            var seqs = json.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("seq").GetInt64()).ToList();
            Assert.True(seqs.Count <= 10);
            seen.AddRange(seqs);
            after = long.Parse(json.GetProperty("nextCursor").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
            if (seqs.Count == 0)
            {
                break;
            }
        }

        Assert.Equal(Enumerable.Range(1, 25).Select(i => (long)i), seen);

        // Every page names the end of the log, wherever it starts.
        foreach (var start in new[] { 0, 7, 25, 40 })
        {
            var json = await gateway.GetJsonAsync($"/api/v1/events?cursor={start}&limit=3");
            Assert.Equal(25, json.GetProperty("head").GetInt64());
        }
    }

    [Fact]
    public async Task The_head_of_an_empty_log_is_zero()
    {
        await using var gateway = await TestGateway.StartAsync();
        var json = await gateway.GetJsonAsync("/api/v1/events");
        Assert.Equal(0, json.GetProperty("head").GetInt64());
        Assert.Equal("0", json.GetProperty("nextCursor").GetString());
    }
    [Fact]
    public async Task Polls_see_a_command_as_pending_exactly_while_the_committed_store_holds_it_queued_or_delivered()
    {
        var dir = TestGateway.NewDataDirectory();
        try
        {
            var store = TestGateway.OpenStore(dir);
            await store.InitializeAsync(default);
            string[] targets = ["wxid_pending", "pid:5"];
            var longAgo = DateTimeOffset.UnixEpoch;
            StoredCommand Queued() => new() { Target = "wxid_pending", Api = "sendTextMessage", Wire = "{}", State = CommandState.Queued, CreatedAt = longAgo };
            long id;
            using (var session = store.OpenWriteSession())
            {
                // Undone: an abandoned item, then a rolled-back transaction.
                session.Begin();
                session.BeginItem();
                session.InsertCommand(Queued());
                session.AbandonItem();
                Assert.False(await store.HasDueCommandsAsync(targets, longAgo, default));
                session.BeginItem();
                session.InsertCommand(Queued());
                session.CompleteItem();
                session.Rollback();
                Assert.False(await store.HasDueCommandsAsync(targets, longAgo, default));
                Assert.Empty(session.FindDueCommands(targets, longAgo, 10));

                // Kept: pending from its commit on, through delivery, until it completes.
                session.Begin();
                session.BeginItem();
                id = session.InsertCommand(Queued());
                session.CompleteItem();
                session.Commit();
                Assert.True(await store.HasDueCommandsAsync(targets, longAgo, default));
                var row = Assert.Single(session.FindDueCommands(targets, longAgo, 10));
                Assert.Equal(id, row.Id);

                session.Begin();
                session.BeginItem();
                session.UpdateCommand(row with { Id = id, State = CommandState.Completed, CompletedAt = longAgo });
                session.AbandonItem();
                session.Commit();
                Assert.True(await store.HasDueCommandsAsync(targets, longAgo, default));

                session.Begin();
                session.BeginItem();
                session.UpdateCommand(row with { Id = id, State = CommandState.Completed, CompletedAt = longAgo });
                session.CompleteItem();
                session.Commit();
                Assert.False(await store.HasDueCommandsAsync(targets, longAgo, default));
                Assert.Empty(session.FindDueCommands(targets, longAgo, 10));

                session.Begin();
                session.BeginItem();
                session.InsertCommand(Queued());
                session.CompleteItem();
                session.Commit();
            }

            // A new session (a restart) finds the pending command in the store.
            var reopened = TestGateway.OpenStore(dir);
            using (reopened.OpenWriteSession())
            {
                Assert.True(await reopened.HasDueCommandsAsync(targets, longAgo, default));
                Assert.False(await reopened.HasDueCommandsAsync(["wxid_other"], longAgo, default));
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task A_delivered_command_is_due_again_only_once_its_last_delivery_is_older_than_the_ack_timeout()
    {
        var dir = TestGateway.NewDataDirectory();
        try
        {
            var store = TestGateway.OpenStore(dir);
            await store.InitializeAsync(default);
            string[] targets = ["wxid_slow"];
            var t0 = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000);
            var before = t0;
            var after = t0.AddMilliseconds(1);
            var farAfter = t0.AddDays(365);
            StoredCommand Query() => new() { Target = "wxid_slow", Api = "getContact", Wire = "{}", State = CommandState.Queued, Redeliverable = true, CreatedAt = t0 };
            StoredCommand Delivered(StoredCommand c) => c with { State = CommandState.Delivered, Deliveries = 1, DeliveredAt = t0, LastDeliveredAt = t0 };

            // What the index says, checked against what the store's own query finds (a second look with no session open).
            async Task Expect(bool dueBefore, bool dueAfter, bool dueFarAfter)
            {
                Assert.Equal(dueBefore, await store.HasDueCommandsAsync(targets, before, default));
                Assert.Equal(dueAfter, await store.HasDueCommandsAsync(targets, after, default));
                Assert.Equal(dueFarAfter, await store.HasDueCommandsAsync(targets, farAfter, default));
            }

            long queryId;
            long sendId;
            using (var session = store.OpenWriteSession())
            {
                session.Begin();
                session.BeginItem();
                queryId = session.InsertCommand(Query());
                session.CompleteItem();
                session.Commit();
                await Expect(true, true, true);

                // Delivered inside a transaction: readers still see it queued (due) until the commit, the writer too.
                session.Begin();
                session.BeginItem();
                session.UpdateCommand(Delivered(Query()) with { Id = queryId });
                session.CompleteItem();
                await Expect(true, true, true);
                session.Commit();
                await Expect(false, true, true);
                Assert.Empty(session.FindDueCommands(targets, before, 10));
                Assert.Equal(queryId, Assert.Single(session.FindDueCommands(targets, after, 10)).Id);

                // Queued again in an item that is then undone: due for the writer while the item runs, not after.
                session.Begin();
                session.BeginItem();
                session.UpdateCommand(Query() with { Id = queryId });
                Assert.Equal(queryId, Assert.Single(session.FindDueCommands(targets, before, 10)).Id);
                session.AbandonItem();
                session.Commit();
                await Expect(false, true, true);

                // A command that may not be handed out again (a send) is never due once delivered.
                session.Begin();
                session.BeginItem();
                session.UpdateCommand(Query() with { Id = queryId, State = CommandState.Completed, CompletedAt = t0 });
                sendId = session.InsertCommand(Delivered(Query()) with { Api = "sendTextMessage", Redeliverable = false });
                session.CompleteItem();
                session.Commit();
                await Expect(false, false, false);
                Assert.Empty(session.FindDueCommands(targets, farAfter, 10));
            }

            await Expect(false, false, false);
            using (var session = store.OpenWriteSession())
            {
                // A restart reads the delivered send back as never due; a query delivered before the restart keeps its time.
                await Expect(false, false, false);
                session.Begin();
                session.BeginItem();
                session.InsertCommand(Delivered(Query()));
                session.CompleteItem();
                session.Commit();
            }

            await Expect(false, true, true);
            using (store.OpenWriteSession())
            {
                await Expect(false, true, true);
            }

            Assert.NotEqual(queryId, sendId);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }
}
