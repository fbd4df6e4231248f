using System.Net.Sockets;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;

namespace Reactor.DevBroker;

/// <summary>Runs the broker from the command line until Ctrl+C or SIGTERM.</summary>
internal static class Program
{
    /// <summary>Parses the arguments, starts the broker and waits for a stop signal.</summary>
    /// <returns>0 after a clean stop, 1 for a start failure, 2 for bad arguments.</returns>
    public static async Task<int> Main(string[] args)
    {
        if (!DevBrokerCommandLine.TryParse(args, out var commandLine, out var error))
        {
            await Console.Error.WriteLineAsync($"error: {error}");
            return 2;
        }

        if (commandLine!.ShowHelp)
        {
            Console.WriteLine(DevBrokerCommandLine.Usage);
            return 0;
        }

        using var loggerFactory = LoggerFactory.Create(builder => builder
            .SetMinimumLevel(commandLine.LogLevel)
            .AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "HH:mm:ss.fff ";
            }));
        var logger = loggerFactory.CreateLogger("Reactor.DevBroker.Program");
        using var stop = new CancellationTokenSource();
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Cancel);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Cancel);

        KafkaDevBroker broker;
        try
        {
            broker = await KafkaDevBroker.StartAsync(commandLine.Options, loggerFactory, stop.Token);
        }
        catch (SocketException ex)
        {
            await Console.Error.WriteLineAsync($"error: cannot listen on {commandLine.Options.Host}:{commandLine.Options.Port}: {ex.Message}");
            return 1;
        }

        await using (broker)
        {
            Console.WriteLine($"Kafka dev broker ready: bootstrap.servers={broker.BootstrapServers} (not for production; Ctrl+C to stop)");
            try
            {
                await Task.Delay(Timeout.Infinite, stop.Token);
            }
            catch (OperationCanceledException)
            {
                logger.LogInformation("Stopping");
            }
        }

        return 0;

        void Cancel(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.Cancel();
        }
    }
}
