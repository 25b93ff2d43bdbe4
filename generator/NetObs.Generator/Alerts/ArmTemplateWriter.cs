using System.Text.Json.Nodes;
using NetObs.Generator.Output;

namespace NetObs.Generator.Alerts;

/// <summary>Writes an <see cref="AzureTemplate"/> as an ARM deployment template (JSON).</summary>
public static class ArmTemplateWriter
{
    public const string Schema = "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#";

    public static string Write(AzureTemplate template)
    {
        var parameters = new JsonObject();
        foreach (var parameter in template.Parameters)
        {
            var definition = new JsonObject
            {
                ["type"] = parameter.Type,
                ["metadata"] = new JsonObject { ["description"] = parameter.Description },
            };
            if (parameter.Default is not null)
            {
                definition["defaultValue"] = ToJson(parameter.Default);
            }

            parameters[parameter.Name] = definition;
        }

        var resources = new JsonArray();
        foreach (var resource in template.Resources)
        {
            var body = new JsonObject { ["type"] = resource.Type, ["apiVersion"] = resource.ApiVersion };
            foreach (var (key, value) in resource.Body)
            {
                body[key] = ToJson(value);
            }

            resources.Add(body);
        }

        return CanonicalJson.Write(new JsonObject
        {
            ["$schema"] = Schema,
            ["contentVersion"] = "1.0.0.0",
            ["parameters"] = parameters,
            ["resources"] = resources,
        });
    }

    private static JsonNode? ToJson(object? value) => value switch
    {
        null => null,
        AzureExpression e => JsonValue.Create($"[{e.Arm}]"),
        // ARM reads a string that starts with '[' as an expression; '[[' is its escape for a literal '['.
        string s => JsonValue.Create(s.StartsWith('[') ? "[" + s : s),
        bool b => JsonValue.Create(b),
        int i => JsonValue.Create(i),
        double d => JsonValue.Create(d),
        TreeMap map => new JsonObject(map.Select(e => new KeyValuePair<string, JsonNode?>(e.Key, ToJson(e.Value)))),
        IReadOnlyList<object?> list => new JsonArray([.. list.Select(ToJson)]),
        _ => throw new InvalidOperationException($"ARM templates have no form for a {value.GetType().Name}."),
    };
}
