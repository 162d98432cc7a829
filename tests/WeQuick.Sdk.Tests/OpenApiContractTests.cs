using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using WeQuick.Sdk.Tests.Support;

namespace WeQuick.Sdk.Tests;

/// <summary>
/// The SDK's models and the gateway's OpenAPI document agree, field by field: every SDK type read from or sent to
/// the API against its schema (property names, JSON types, enum values, required and nullable), and every
/// schema of a request or response body either mirrored here or set aside with a reason.
/// </summary>
[Collection(LiveGatewayGroup.Name)]
public sealed class OpenApiContractTests(LiveGateway live)
{
    /// <summary>Every SDK type that mirrors an API shape, the schema it mirrors, and whether the SDK reads or sends it.</summary>
    private static readonly (Type Sdk, string Schema, Flow Flow)[] Mirrors =
    [
        (typeof(Account), "AccountView", Flow.Read),
        (typeof(AccountProfile), "AccountProfile", Flow.Read),
        (typeof(AccountCounts), "AccountCounts", Flow.Read),
        (typeof(Page<Account>), "PageOfAccountView", Flow.Read),
        (typeof(Instance), "InstanceView", Flow.Read),
        (typeof(Page<Instance>), "PageOfInstanceView", Flow.Read),
        (typeof(Contact), "ContactView", Flow.Read),
        (typeof(Page<Contact>), "PageOfContactView", Flow.Read),
        (typeof(Room), "RoomView", Flow.Read),
        (typeof(Page<Room>), "PageOfRoomView", Flow.Read),
        (typeof(RoomMember), "MemberView", Flow.Read),
        (typeof(Page<RoomMember>), "PageOfMemberView", Flow.Read),
        (typeof(StoredMessage), "MessageView", Flow.Read),
        (typeof(Page<StoredMessage>), "MessagePage", Flow.Read),
        (typeof(Conversation), "ConversationView", Flow.Read),
        (typeof(Page<Conversation>), "PageOfConversationView", Flow.Read),
        (typeof(FriendRequest), "FriendRequestView", Flow.Read),
        (typeof(Page<FriendRequest>), "PageOfFriendRequestView", Flow.Read),
        (typeof(Transfer), "TransferView", Flow.Read),
        (typeof(TransferStep), "TransferStep", Flow.Read),
        (typeof(Page<Transfer>), "PageOfTransferView", Flow.Read),
        (typeof(Favorite), "FavoriteView", Flow.Read),
        (typeof(Page<Favorite>), "PageOfFavoriteView", Flow.Read),
        (typeof(CommandRecord), "CommandView", Flow.Read),
        (typeof(Page<CommandRecord>), "PageOfCommandView", Flow.Read),
        (typeof(GatewayEvent), "EventView", Flow.Read),
        (typeof(EventPage), "EventPage", Flow.Read),
        (typeof(Webhook), "WebhookView", Flow.Read),
        (typeof(Page<Webhook>), "PageOfWebhookView", Flow.Read),
        (typeof(WebhookDelivery), "DeliveryView", Flow.Read),
        (typeof(Page<WebhookDelivery>), "PageOfDeliveryView", Flow.Read),
        (typeof(WebhookDeadLetter), "DeadLetterView", Flow.Read),
        (typeof(Page<WebhookDeadLetter>), "PageOfDeadLetterView", Flow.Read),
        (typeof(ApiKey), "ApiKeyView", Flow.Read),
        (typeof(AccountBinding), "AccountBindingView", Flow.Read),
        (typeof(Page<ApiKey>), "PageOfApiKeyView", Flow.Read),
        (typeof(CreatedApiKey), "CreatedApiKeyView", Flow.Read),
        (typeof(ProblemBody), "HttpValidationProblemDetails", Flow.Read),
        (typeof(SendMessageBody), "SendMessageRequest", Flow.Send),
        (typeof(PidBody), "OpenWeChatRequest", Flow.Send),
        (typeof(FlagBody), "RefreshContactsRequest", Flow.Send),
        (typeof(WxidsBody), "ContactsInfoRequest", Flow.Send),
        (typeof(RemarkBody), "RemarkRequest", Flow.Send),
        (typeof(TicketsBody), "AcceptFriendRequest", Flow.Send),
        (typeof(NameBody), "RoomNameRequest", Flow.Send),
        (typeof(NicknameBody), "RoomNicknameRequest", Flow.Send),
        (typeof(MembersBody), "CreateRoomRequest", Flow.Send),
        (typeof(UrlBody), "AcceptRoomInviteRequest", Flow.Send),
        (typeof(FromBody), "AcceptTransferRequest", Flow.Send),
        (typeof(GreetingBody), "AddRoomFriendRequest", Flow.Send),
        (typeof(UploadBody), "UploadFileRequest", Flow.Send),
        (typeof(RawCommandBody), "CreateCommandRequest", Flow.Send),
        (typeof(AfterBody), "WebhookReplayRequest", Flow.Send),
        (typeof(CreateKeyBody), "CreateApiKeyRequest", Flow.Send),
        (typeof(WebhookRequest), "WebhookRequest", Flow.Send),
        (typeof(NoticeBody), "RoomNoticeRequest", Flow.Send),
        (typeof(RoomMembersBody), "AddRoomMembersRequest", Flow.Send),
        (typeof(RemoveMembersBody), "RemoveRoomMembersRequest", Flow.Send),
        (typeof(QrCodeBody), "JoinRoomByQrCodeRequest", Flow.Send),
        (typeof(FriendRequestBody), "SendFriendRequestRequest", Flow.Send),
        (typeof(SearchBody), "SearchContactRequest", Flow.Send),
        (typeof(SearchedContactBody), "AddSearchedContactRequest", Flow.Send),
        (typeof(MessageRefBody), "MessageRefRequest", Flow.Send),
        (typeof(DecryptBody), "DecryptPictureRequest", Flow.Send),
        (typeof(DownloadBody), "DownloadFileRequest", Flow.Send),
    ];

    /// <summary>Schemas of request or response bodies that no SDK type mirrors, and why.</summary>
    private static readonly Dictionary<string, string> NotMirrored = new(StringComparer.Ordinal)
    {
        ["ProblemDetails"] = "the SDK reads every problem with ProblemBody, which is checked against HttpValidationProblemDetails: the same fields and errors",
    };

    /// <summary>Properties of mirrored schemas the SDK deliberately does not read, and why.</summary>
    private static readonly Dictionary<(string Schema, string Property), string> NotRead = new()
    {
        [("MessagePage", "account")] = "the account the caller named in the path; ListMessagesAsync answers a Page<StoredMessage> like every other list",
        [("HttpValidationProblemDetails", "instance")] = "the path of the request that failed, which the caller of the method that threw knows",
    };

    private enum Flow
    {
        /// <summary>The gateway writes it, the SDK reads it.</summary>
        Read,

        /// <summary>The SDK writes it, the gateway reads it.</summary>
        Send,
    }

    [Fact]
    public async Task Every_sdk_model_agrees_with_its_schema_in_the_openapi_document_field_by_field()
    {
        var schemas = await SchemasAsync();
        var mirrorOf = Mirrors.ToDictionary(m => TypeName(m.Sdk), m => m.Schema, StringComparer.Ordinal);
        var mismatches = new List<string>();
        foreach (var (sdk, name, flow) in Mirrors)
        {
            var where = $"{TypeName(sdk)} → {name}";
            if (!schemas.TryGetValue(name, out var schema))
            {
                mismatches.Add($"{where}: the document has no schema {name}");
                continue;
            }

            if (SdkJsonContext.Default.GetTypeInfo(sdk) is not { } info)
            {
                mismatches.Add($"{where}: {TypeName(sdk)} is not in SdkJsonContext");
                continue;
            }

            // [JsonIgnore] properties are listed too, with neither getter nor setter.
            var sdkProperties = info.Properties.Where(p => p.Get is not null || p.Set is not null).ToDictionary(p => p.Name, StringComparer.Ordinal);

            var gatewayProperties = schema.TryGetProperty("properties", out var props)
                ? props.EnumerateObject().ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal)
                : [];
            var required = schema.TryGetProperty("required", out var r) ? r.EnumerateArray().Select(x => x.GetString()!).ToHashSet(StringComparer.Ordinal) : [];

            foreach (var property in sdkProperties.Keys.Except(gatewayProperties.Keys).Order(StringComparer.Ordinal))
            {
                mismatches.Add($"{where}.{property}: the SDK has it ({TypeName(sdkProperties[property].PropertyType)}), the gateway's schema does not");
            }

            foreach (var property in gatewayProperties.Keys.Except(sdkProperties.Keys).Where(p => !NotRead.ContainsKey((name, p))).Order(StringComparer.Ordinal))
            {
                mismatches.Add($"{where}.{property}: the gateway's schema has it ({Gateway(schemas, gatewayProperties[property])}), the SDK does not");
            }

            foreach (var property in sdkProperties.Keys.Intersect(gatewayProperties.Keys).Order(StringComparer.Ordinal))
            {
                var s = sdkProperties[property];
                var sdkShape = Sdk(s.PropertyType);
                var g = Gateway(schemas, gatewayProperties[property]);
                var at = $"{where}.{property}";
                CompareTypes(at, sdkShape, g, mirrorOf, mismatches);

                // Absent and null read the same (the SDK leaves out nulls and reads absence as null), so both sides
                // come down to one question: can the value be missing? A JsonElement holds null like any value, so
                // there the SDK does not say.
                var gatewayOptional = g.Nullable || !required.Contains(property);
                var sdkOptional = flow == Flow.Read ? s.IsSetNullable : s.IsGetNullable;
                var sdkSays = sdkShape.Json != "any";
                if (sdkSays && flow == Flow.Read && sdkOptional != gatewayOptional)
                {
                    mismatches.Add($"{at}: the gateway {(gatewayOptional ? $"may leave it out or send null ({(g.Nullable ? "nullable" : "not required")})" : "always sends a value (required, not nullable)")}, the SDK's {TypeName(s.PropertyType)} is {(sdkOptional ? "nullable" : "not nullable")}");
                }
                else if (sdkSays && flow == Flow.Send && sdkOptional && !gatewayOptional)
                {
                    mismatches.Add($"{at}: the gateway requires a value, the SDK's {TypeName(s.PropertyType)} may be null (and is then left out)");
                }

                if (s.IsRequired && !required.Contains(property))
                {
                    mismatches.Add($"{at}: the SDK requires it, the gateway's schema does not list it as required");
                }
            }
        }

        Assert.True(mismatches.Count == 0, $"{mismatches.Count} mismatches between the SDK's models and /openapi/v1.json (SDK type → schema.property: what each side says):\n" + string.Join("\n", mismatches));
    }

    [Fact]
    public async Task Every_request_and_response_body_schema_is_mirrored_by_the_sdk_or_set_aside_with_a_reason()
    {
        var document = await DocumentAsync();
        var schemas = Schemas(document);
        var bodies = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject().Where(o => o.Value.ValueKind == JsonValueKind.Object && o.Value.TryGetProperty("responses", out _)))
            {
                var contents = operation.Value.GetProperty("responses").EnumerateObject().Select(r => r.Value).ToList();
                if (operation.Value.TryGetProperty("requestBody", out var body))
                {
                    contents.Add(body);
                }

                foreach (var content in contents.Where(c => c.TryGetProperty("content", out _)).SelectMany(c => c.GetProperty("content").EnumerateObject()))
                {
                    if (content.Value.TryGetProperty("schema", out var schema))
                    {
                        Reach(schemas, schema, bodies);
                    }
                }
            }
        }

        var mirrored = Mirrors.Select(m => m.Schema).ToHashSet(StringComparer.Ordinal);
        var decisions = new List<string>();
        decisions.AddRange(bodies.Where(s => !mirrored.Contains(s) && !NotMirrored.ContainsKey(s))
            .Select(s => $"{s}: a request or response body that no SDK type mirrors; add it to Mirrors, or to NotMirrored with the reason"));
        decisions.AddRange(mirrored.Concat(NotMirrored.Keys).Where(s => !bodies.Contains(s))
            .Select(s => $"{s}: listed here but no request or response body of the document uses it (renamed or gone?)"));
        decisions.AddRange(Mirrors.GroupBy(m => m.Sdk).Where(g => g.Count() > 1).Select(g => $"{TypeName(g.Key)} mirrors more than one schema: {string.Join(", ", g.Select(m => m.Schema))}"));
        Assert.True(decisions.Count == 0, string.Join("\n", decisions));
    }

    /// <summary>Adds every object schema <paramref name="schema"/> is or holds, through references, properties and items.</summary>
    private static void Reach(Dictionary<string, JsonElement> schemas, JsonElement schema, ISet<string> reached)
    {
        if (schema.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        if (schema.TryGetProperty("$ref", out var reference))
        {
            var name = RefName(reference);
            var target = schemas[name];
            if (target.TryGetProperty("properties", out _) && reached.Add(name))
            {
                Reach(schemas, target, reached);
            }

            return;
        }

        foreach (var part in new[] { "properties", "additionalProperties", "items", "oneOf", "anyOf", "allOf" })
        {
            if (!schema.TryGetProperty(part, out var value))
            {
                continue;
            }

            IEnumerable<JsonElement> children = value.ValueKind switch
            {
                JsonValueKind.Array => value.EnumerateArray(),
                JsonValueKind.Object when part == "properties" => value.EnumerateObject().Select(p => p.Value),
                _ => [value],
            };
            foreach (var child in children)
            {
                Reach(schemas, child, reached);
            }
        }
    }

    /// <summary>What a JSON value of one side is: its JSON type, whether it may be null, and what it holds.</summary>
    /// <param name="Json">string, integer, number, boolean, array, object, or any (a JsonElement).</param>
    /// <param name="Nullable">Whether null is allowed.</param>
    /// <param name="Object">For an object: the SDK type or the schema's name; null for a map or an open object.</param>
    /// <param name="Items">For an array: its items.</param>
    /// <param name="Enum">For an enum: its values.</param>
    private sealed record Shape(string Json, bool Nullable, string? Object = null, Shape? Items = null, IReadOnlySet<string>? Enum = null)
    {
        public override string ToString() =>
            (Json == "array" ? $"array of {Items}" : Object is not null ? $"{Json} {Object}" : Enum is not null ? $"{Json} enum [{string.Join(", ", Enum.Order(StringComparer.Ordinal))}]" : Json)
            + (Nullable ? " or null" : string.Empty);
    }

    private static void CompareTypes(string at, Shape sdk, Shape gateway, Dictionary<string, string> mirrorOf, List<string> mismatches)
    {
        if (sdk.Json == "any")
        {
            if (gateway.Json != "object")
            {
                mismatches.Add($"{at}: the SDK reads any JSON (JsonElement), the gateway says {gateway}");
            }

            return;
        }

        if (sdk.Json != gateway.Json)
        {
            mismatches.Add($"{at}: the SDK has {sdk}, the gateway {gateway}");
            return;
        }

        if (sdk.Json == "array")
        {
            CompareTypes(at + "[]", sdk.Items!, gateway.Items!, mirrorOf, mismatches);
        }
        else if (sdk.Json == "object" && gateway.Object is { } schema)
        {
            if (sdk.Object is null || !mirrorOf.TryGetValue(sdk.Object, out var mirrored))
            {
                mismatches.Add($"{at}: the gateway has an object {schema}, the SDK's {sdk.Object ?? "map"} mirrors no schema (add it to Mirrors)");
            }
            else if (mirrored != schema)
            {
                mismatches.Add($"{at}: the gateway has an object {schema}, the SDK's {sdk.Object} mirrors {mirrored}");
            }
        }
        else if (sdk.Enum is { } values && gateway.Enum is { } sent)
        {
            // The SDK reads enum names case-insensitively.
            var unreadable = sent.Where(v => !values.Contains(v, StringComparer.OrdinalIgnoreCase)).ToList();
            var never = values.Where(v => !sent.Contains(v, StringComparer.OrdinalIgnoreCase)).ToList();
            if (unreadable.Count > 0 || never.Count > 0)
            {
                mismatches.Add($"{at}: the gateway's values [{string.Join(", ", sent)}], the SDK's enum [{string.Join(", ", values)}]");
            }
        }
    }

    /// <summary>The JSON shape of an SDK property type, as SdkJsonContext writes and reads it.</summary>
    private static Shape Sdk(Type type)
    {
        var nullable = Nullable.GetUnderlyingType(type) is not null;
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(JsonElement))
        {
            return new Shape("any", true);
        }

        if (type.IsEnum)
        {
            // The context writes enums as their names (UseStringEnumConverter).
            return new Shape("string", nullable, Enum: Enum.GetNames(type).ToHashSet(StringComparer.Ordinal));
        }

        var json = Type.GetTypeCode(type) switch
        {
            TypeCode.String => "string",
            TypeCode.Boolean => "boolean",
            TypeCode.Byte or TypeCode.SByte or TypeCode.Int16 or TypeCode.UInt16 or TypeCode.Int32 or TypeCode.UInt32 or TypeCode.Int64 or TypeCode.UInt64 => "integer",
            TypeCode.Single or TypeCode.Double or TypeCode.Decimal => "number",
            _ when type == typeof(DateTimeOffset) || type == typeof(Uri) => "string",
            _ => null,
        };
        if (json is not null)
        {
            return new Shape(json, nullable);
        }

        var info = SdkJsonContext.Default.GetTypeInfo(type) ?? throw new InvalidOperationException($"{TypeName(type)} is not in SdkJsonContext");
        return info.Kind switch
        {
            JsonTypeInfoKind.Enumerable => new Shape("array", nullable, Items: Sdk(info.ElementType!)),
            JsonTypeInfoKind.Dictionary => new Shape("object", nullable),
            JsonTypeInfoKind.Object => new Shape("object", nullable, Object: TypeName(type)),
            _ => throw new InvalidOperationException($"no JSON type known for {TypeName(type)}"),
        };
    }

    /// <summary>The JSON shape of a property schema of the document.</summary>
    private static Shape Gateway(Dictionary<string, JsonElement> schemas, JsonElement schema)
    {
        if (schema.TryGetProperty("oneOf", out var oneOf) || schema.TryGetProperty("anyOf", out oneOf))
        {
            var options = oneOf.EnumerateArray().ToList();
            var nullable = options.RemoveAll(o => o.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String && t.GetString() == "null") > 0;
            var inner = options.Count == 1 ? Gateway(schemas, options[0]) : new Shape("one of " + options.Count, false);
            return inner with { Nullable = inner.Nullable || nullable };
        }

        if (schema.TryGetProperty("$ref", out var reference))
        {
            var name = RefName(reference);
            var target = schemas[name];
            return target.TryGetProperty("enum", out _)
                ? Gateway(schemas, target)
                : new Shape("object", false, Object: target.TryGetProperty("properties", out _) ? name : null);
        }

        if (schema.TryGetProperty("enum", out var values))
        {
            var set = values.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!).ToHashSet(StringComparer.Ordinal);
            return new Shape("string", values.EnumerateArray().Any(v => v.ValueKind == JsonValueKind.Null), Enum: set);
        }

        var types = !schema.TryGetProperty("type", out var type) ? []
            : type.ValueKind == JsonValueKind.Array ? type.EnumerateArray().Select(t => t.GetString()!).ToList()
            : [type.GetString()!];
        var isNullable = types.Remove("null");

        // The gateway's JSON options read numbers from strings too, so its document gives every number as
        // ["integer", "string"] with a digits pattern; it writes numbers.
        if (types.Count == 2 && types.Contains("string") && (types.Contains("integer") || types.Contains("number")) && schema.TryGetProperty("pattern", out _))
        {
            types.Remove("string");
        }

        var json = types.Count == 1 ? types[0] : types.Count == 0 ? "unspecified" : string.Join("|", types);
        return json == "array"
            ? new Shape(json, isNullable, Items: schema.TryGetProperty("items", out var items) ? Gateway(schemas, items) : new Shape("unspecified", false))
            : new Shape(json, isNullable);
    }

    private static string RefName(JsonElement reference) => reference.GetString()!.Split('/')[^1];

    private static string TypeName(Type type) =>
        Nullable.GetUnderlyingType(type) is { } inner ? TypeName(inner) + "?"
        : type.IsGenericType ? $"{type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)]}<{string.Join(", ", type.GetGenericArguments().Select(TypeName))}>"
        : type.Name;

    private async Task<JsonElement> DocumentAsync()
    {
        using var http = new HttpClient { BaseAddress = live.Host.BaseUrl, Timeout = TimeSpan.FromSeconds(60) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", live.Host.ApiKey);
        await using var stream = await http.GetStreamAsync(new Uri("/openapi/v1.json", UriKind.Relative));
        using var document = await JsonDocument.ParseAsync(stream);
        return document.RootElement.Clone();
    }

    private async Task<Dictionary<string, JsonElement>> SchemasAsync() => Schemas(await DocumentAsync());

    private static Dictionary<string, JsonElement> Schemas(JsonElement document) =>
        document.GetProperty("components").GetProperty("schemas").EnumerateObject().ToDictionary(s => s.Name, s => s.Value, StringComparer.Ordinal);
}
