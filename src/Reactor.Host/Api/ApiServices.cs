using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.Features;
using Reactor.Host.Api.Auth;
using Reactor.Host.Api.Commands;
using Reactor.Host.Configuration;

namespace Reactor.Host.Api;

/// <summary>Adds the HTTP API's services and middleware.</summary>
internal static class ApiServices
{
    /// <summary>Adds authentication, problem details, OpenAPI and the API's services, from validated <c>Reactor:Api</c> settings.</summary>
    public static void AddReactorApi(this WebApplicationBuilder builder, IReadOnlyList<string> topics)
    {
        var api = builder.Configuration.GetSection(ApiHostOptions.SectionName).Get<ApiHostOptions>() ?? new ApiHostOptions();

        // The binder drops a list item it cannot convert (a misspelt permission) without a word; binding each on its
        // own makes it fail naming the setting instead of silently losing a key.
        api.Keys.Clear();
        api.Keys.AddRange(builder.Configuration.GetSection($"{ApiHostOptions.SectionName}:Keys").GetChildren()
            .Select(child => child.Get<ApiKeyOptions>() ?? new ApiKeyOptions()));
        ApiAuthentication.ThrowIfInvalid(api);
        var devBroker = builder.Configuration.GetSection(DevBrokerHostOptions.SectionName).Get<DevBrokerHostOptions>() ?? new DevBrokerHostOptions();
        var demoKey = api.Keys.Count == 0 && !api.Jwt.Enabled && devBroker.Enabled ? DemoApiKey.Create() : null;

        var services = builder.Services;
        services.AddOptions<ApiHostOptions>().BindConfiguration(ApiHostOptions.SectionName);
        services.AddProblemDetails();
        services.AddReactorApiAuthentication(api, demoKey);
        // Enum values as the decision log stores them (ReactorJson: camelCase), so the API and stored records read alike.
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase)));
        services.AddReactorOpenApi();
        services.AddSingleton<EntityResolver>();
        services.AddSingleton(new IngestTopics(topics));
        services.AddSingleton<IngestValidation>();
        services.AddSingleton<ShadowValidation>();
        services.AddSingleton<KafkaIngestProducer>();
        services.AddSingleton<IngestServices>();
        services.AddSingleton(new EntityCommands().AddDemoCommands());
    }

    /// <summary>Adds the middleware (errors as problem details, request size limit, authentication) and maps the API, its OpenAPI document and reference page.</summary>
    public static void UseReactorApi(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        var limit = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<ApiHostOptions>>().Value;
        var maxBody = Math.Max(limit.MaxBatchBytes, limit.MaxEventBytes);
        app.Use((context, next) =>
        {
            // Kestrel refuses a larger body with 413 while it is read; routes check their own, smaller limits.
            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
            {
                size.MaxRequestBodySize = maxBody;
            }

            return next(context);
        });
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapSignIn();
        app.MapReactorOpenApi();
        app.MapReactorApi();
    }
}
