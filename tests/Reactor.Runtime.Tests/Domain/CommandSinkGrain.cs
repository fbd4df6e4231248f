using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Reactor.Runtime.Tests.Domain;

/// <summary>Records every command it receives with its idempotency key.</summary>
public sealed class CommandSinkGrain(IServiceProvider services) : Grain, ICommandSinkGrain
{
    public async Task HandleCommandAsync(Ping command, string idempotencyKey)
    {
        var log = services.GetRequiredService<CommandSinkLog>();
        log.Received.Enqueue((this.GetPrimaryKeyString(), idempotencyKey, command.Amount));
        if (log.TakeFailure())
        {
            throw new InvalidOperationException("The sink is not ready yet.");
        }

        if (log.Hang)
        {
            await Task.Delay(Timeout.Infinite, services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping);
        }
    }
}
