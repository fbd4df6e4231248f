using Microsoft.Extensions.Options;
using Reactor.Host;
using Reactor.Host.Configuration;

if (HostCommandLine.IsHelp(args))
{
    Console.WriteLine(HostCommandLine.HelpText);
    return 0;
}

try
{
    var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
    builder.Configuration.AddCommandLine(args, HostCommandLine.SwitchMappings);
    builder.AddReactorHost();
    builder.AddReactorHttp();
    await using var app = builder.Build();
    app.MapReactorHttp();
    await app.RunAsync();
    return 0;
}
catch (Exception ex) when (ex is OptionsValidationException or InvalidOperationException or FormatException)
{
    Console.Error.WriteLine($"Reactor could not start: {ex.Message}");
    return 2;
}
