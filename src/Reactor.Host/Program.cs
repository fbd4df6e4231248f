using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
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
    var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, ContentRootPath = AppContext.BaseDirectory });
    builder.Configuration.AddCommandLine(args, HostCommandLine.SwitchMappings);
    builder.AddReactorHost();
    using var host = builder.Build();
    await host.RunAsync();
    return 0;
}
catch (Exception ex) when (ex is OptionsValidationException or InvalidOperationException or FormatException)
{
    Console.Error.WriteLine($"Reactor could not start: {ex.Message}");
    return 2;
}
