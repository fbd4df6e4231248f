using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Reactor.Persistence.LocalDisk.Providers;

namespace Orleans.Hosting;

/// <summary>Adds Reactor's local-disk reminder table to an Orleans silo.</summary>
public static class LocalDiskReminderSiloBuilderExtensions
{
    /// <summary>
    /// Uses Orleans reminders with a table kept in one file under <see cref="LocalDiskReminderOptions.RootDirectory"/>:
    /// the durable reminders of the embedded default (a single silo). Entity deadlines use them to fire after a restart.
    /// </summary>
    /// <param name="builder">The silo builder.</param>
    /// <param name="configureOptions">Sets the directory.</param>
    /// <returns>The silo builder.</returns>
    public static ISiloBuilder UseLocalDiskReminderService(this ISiloBuilder builder, Action<LocalDiskReminderOptions> configureOptions)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Configure(configureOptions);
        builder.Services.AddReminders();
        builder.Services.AddSingleton<IReminderTable, LocalDiskReminderTable>();
        return builder;
    }
}
