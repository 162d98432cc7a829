using System.Text;
using WeQuick.Gateway.Storage;
using WeQuick.Gateway.Tests.Infrastructure;

namespace WeQuick.Gateway.Tests;

/// <summary>
/// The SQLite write session keeps the documents put as UTF-8 (the conversation pointers, one per message) until
/// the commit and writes only the latest of each. These check that it is still the same as writing each at once.
/// </summary>
public sealed class UnwrittenDocumentsTests
{
    private static void PutPointer(IGatewayWriteSession s, string key, long seq) =>
        s.PutDocument("conversation", "wxid_me", key, seq, Encoding.UTF8.GetBytes($$"""{"conversation":"{{key}}","lastSeq":{{seq}}}"""));

    [Fact]
    public async Task The_commit_writes_each_documents_latest_version_and_an_abandoned_item_takes_its_puts_back()
    {
        await TestGateway.WithStoreAsync(async store =>
        {
            using (var s = store.OpenWriteSession())
            {
                s.Begin();
                s.BeginItem();
                PutPointer(s, "wxid_a", 1);
                PutPointer(s, "wxid_a", 2);
                s.CompleteItem();

                // Seen inside the transaction before it is written, and taken back with the item that put it.
                s.BeginItem();
                PutPointer(s, "wxid_a", 3);
                PutPointer(s, "wxid_b", 3);
                Assert.Equal(3, s.GetDocument("conversation", "wxid_me", "wxid_a")!.Seq);
                Assert.True(s.HasDocument("conversation", "wxid_me", "wxid_b"));
                s.AbandonItem();
                Assert.Equal(2, s.GetDocument("conversation", "wxid_me", "wxid_a")!.Seq);
                Assert.False(s.HasDocument("conversation", "wxid_me", "wxid_b"));

                s.BeginItem();
                PutPointer(s, "wxid_c", 4);
                s.CompleteItem();
                s.Commit();
            }

            var a = await store.ReadDocumentAsync("conversation", "wxid_me", "wxid_a", default);
            Assert.Equal(2, a!.Seq);
            Assert.Equal("""{"conversation":"wxid_a","lastSeq":2}""", a.Json);
            Assert.Null(await store.ReadDocumentAsync("conversation", "wxid_me", "wxid_b", default));
            Assert.Equal(4, (await store.ReadDocumentAsync("conversation", "wxid_me", "wxid_c", default))!.Seq);
        });
    }

    [Fact]
    public async Task A_document_written_whole_after_an_unwritten_one_wins_unless_its_item_is_abandoned()
    {
        await TestGateway.WithStoreAsync(async store =>
        {
            using (var s = store.OpenWriteSession())
            {
                s.Begin();
                PutPointer(s, "wxid_a", 1);
                s.PutDocument(new ProjectionDocument("conversation", "wxid_me", "wxid_a", 2, """{"whole":2}"""));
                PutPointer(s, "wxid_b", 1);
                s.BeginItem();
                s.PutDocument(new ProjectionDocument("conversation", "wxid_me", "wxid_b", 2, """{"whole":2}"""));
                s.AbandonItem();
                s.Commit();

                // Rolled back: nothing of the transaction is written, the unwritten documents included.
                s.Begin();
                PutPointer(s, "wxid_a", 9);
                s.Rollback();
            }

            Assert.Equal("""{"whole":2}""", (await store.ReadDocumentAsync("conversation", "wxid_me", "wxid_a", default))!.Json);
            Assert.Equal("""{"conversation":"wxid_b","lastSeq":1}""", (await store.ReadDocumentAsync("conversation", "wxid_me", "wxid_b", default))!.Json);
        });
    }
}
