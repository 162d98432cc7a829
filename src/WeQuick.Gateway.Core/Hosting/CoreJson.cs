using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using WeQuick.Gateway.Presence;
using WeQuick.Gateway.Projections;

namespace WeQuick.Gateway;

/// <summary>
/// How the core writes what it stores as JSON (projection documents, the gateway's own events): camelCase, text as
/// it is (not escaped), absent values left out unless a type says otherwise. Source-generated.
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(PresenceChange))]
[JsonSerializable(typeof(AccountDocument))]
[JsonSerializable(typeof(InstanceDocument))]
[JsonSerializable(typeof(ContactDocument))]
[JsonSerializable(typeof(RoomDocument))]
[JsonSerializable(typeof(MemberDocument))]
[JsonSerializable(typeof(PublicDocument))]
[JsonSerializable(typeof(ConversationPointer))]
[JsonSerializable(typeof(FriendRequestDocument))]
[JsonSerializable(typeof(TransferDocument))]
[JsonSerializable(typeof(UploadDocument))]
[JsonSerializable(typeof(FavoritesDocument))]
internal sealed partial class CoreJson : JsonSerializerContext
{
    private static JsonSerializerOptions? s_documents;

    /// <summary>The stored documents' settings: the generated metadata, with text written as it is.</summary>
    // Made on first use: a static initializer here could run before the generated Default is set.
    public static JsonSerializerOptions Documents => LazyInitializer.EnsureInitialized(ref s_documents, static () => new JsonSerializerOptions
    {
        TypeInfoResolver = Default,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    });

    /// <summary>The metadata of <typeparamref name="T"/> under <see cref="Documents"/>.</summary>
    public static JsonTypeInfo<T> Document<T>() => (JsonTypeInfo<T>)Documents.GetTypeInfo(typeof(T));
}
