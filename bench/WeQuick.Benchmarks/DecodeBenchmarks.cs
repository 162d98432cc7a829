using System.Text.Json;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using WeQuick.Protocol;

namespace WeQuick.Benchmarks;

/// <summary>
/// The decoder against a bare <see cref="JsonDocument.Parse(ReadOnlyMemory{byte}, JsonDocumentOptions)"/> of the
/// same bytes: the ratio says what the tolerant typed decoding costs over just parsing the JSON.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
[MedianColumn]
[MinColumn]
public class DecodeBenchmarks
{
    private byte[] _text = [];
    private byte[] _contacts = [];

    [GlobalSetup]
    public void Setup()
    {
        _text = Bodies.TextMessage();
        _contacts = Bodies.Contacts200();
        foreach (var body in new[] { _text, _contacts })
        {
            // A benchmark of a body that does not decode would measure the error path.
            var result = ReportDecoder.Decode(body);
            if (!result.IsSuccess || result.IsUnknown)
            {
                throw new InvalidOperationException($"the benchmark body does not decode: {result.Error}");
            }
        }

        Console.WriteLine($"// text message body: {Bodies.Describe(_text)}");
        Console.WriteLine($"// contact body: {_contacts.Length} bytes");
    }

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("text")]
    public int ParseTextMessage()
    {
        using var doc = JsonDocument.Parse(_text);
        return doc.RootElement.GetPropertyCount();
    }

    [Benchmark]
    [BenchmarkCategory("text")]
    public Report? DecodeTextMessage() => ReportDecoder.Decode(_text).Report;

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("contacts")]
    public int ParseContacts200()
    {
        using var doc = JsonDocument.Parse(_contacts);
        return doc.RootElement.GetPropertyCount();
    }

    [Benchmark]
    [BenchmarkCategory("contacts")]
    public Report? DecodeContacts200() => ReportDecoder.Decode(_contacts).Report;
}
