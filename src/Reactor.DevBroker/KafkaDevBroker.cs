using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Reactor.DevBroker.Groups;
using Reactor.DevBroker.Handlers;
using Reactor.DevBroker.Network;
using Reactor.DevBroker.Storage;

namespace Reactor.DevBroker;

/// <summary>
/// Runs a single-node broker that speaks the Kafka wire protocol to unmodified Kafka clients, for
/// development and tests. It is not for production.
/// </summary>
public sealed class KafkaDevBroker : IAsyncDisposable
{
    private static readonly TimeSpan GroupTickInterval = TimeSpan.FromMilliseconds(50);
    private readonly DevBrokerOptions _options;
    private readonly ILogger _logger;
    private Socket _listener = null!;
    private readonly LogManager _logs;
    private readonly OffsetStore _offsets;
    private readonly GroupCoordinator _groups;
    private readonly BrokerContext _context;
    private readonly RequestDispatcher _dispatcher;
    private readonly string _dataDirectory;
    private readonly bool _ownsDataDirectory;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<ClientConnection, Task> _connections = new();
    private readonly SemaphoreSlim _stopLock = new(1, 1);
    private readonly FileStream _directoryLock;
    private Task _acceptLoop = Task.CompletedTask;
    private Task _maintenanceLoop = Task.CompletedTask;
    private bool _stopped;

    private KafkaDevBroker(DevBrokerOptions options, ILogger logger, string dataDirectory, bool ownsDataDirectory)
    {
        _options = options;
        _logger = logger;
        _dataDirectory = dataDirectory;
        _ownsDataDirectory = ownsDataDirectory;
        _directoryLock = LockDirectory(dataDirectory);
        _logs = new LogManager(dataDirectory, options, logger);
        _offsets = new OffsetStore(dataDirectory, logger);
        _groups = new GroupCoordinator(options, _offsets, logger);
        try
        {
            _logs.Load();
            _offsets.Load();
            _context = new BrokerContext(options, logger, _logs, _offsets, _groups, LoadClusterId(dataDirectory));
            _dispatcher = new RequestDispatcher(_context);
        }
        catch
        {
            _logs.Dispose();
            _offsets.Dispose();
            _directoryLock.Dispose();
            throw;
        }
    }

    /// <summary>Gets the TCP port the broker listens on (the chosen one when <see cref="DevBrokerOptions.Port"/> is 0).</summary>
    public int Port { get; private set; }

    /// <summary>Gets the address clients use as <c>bootstrap.servers</c>, such as <c>127.0.0.1:9092</c>.</summary>
    public string BootstrapServers => $"{_options.Host}:{Port}";

    /// <summary>Gets the directory holding the broker's data.</summary>
    public string DataDirectory => _dataDirectory;

    /// <summary>Starts a broker: loads the data directory, binds the port and begins serving clients.</summary>
    /// <param name="options">The options; they are validated and copied, so later changes have no effect.</param>
    /// <param name="loggerFactory">The logger factory, or null for no logging.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The running broker; dispose it (or call <see cref="StopAsync"/>) to stop.</returns>
    /// <exception cref="ArgumentException">An option is invalid.</exception>
    /// <exception cref="SocketException">The address or port cannot be bound.</exception>
    /// <exception cref="IOException">The data directory is in use by another running broker.</exception>
    public static Task<KafkaDevBroker> StartAsync(DevBrokerOptions options, ILoggerFactory? loggerFactory = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        cancellationToken.ThrowIfCancellationRequested();
        var snapshot = Copy(options);
        var logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("Reactor.DevBroker");
        var ownsDirectory = snapshot.DataDirectory is null;
        var dataDirectory = Path.GetFullPath(snapshot.DataDirectory ?? Path.Combine(Path.GetTempPath(), "reactor-devbroker-" + Guid.NewGuid().ToString("N")));
        Directory.CreateDirectory(dataDirectory);
        var broker = new KafkaDevBroker(snapshot, logger, dataDirectory, ownsDirectory);
        try
        {
            broker.Listen();
        }
        catch
        {
            broker._listener?.Dispose();
            broker._logs.Dispose();
            broker._offsets.Dispose();
            broker._directoryLock.Dispose();
            throw;
        }

        return Task.FromResult(broker);
    }

    /// <summary>Stops serving, closes every connection and flushes all data to disk. Safe to call more than once.</summary>
    /// <param name="cancellationToken">Stops waiting for connections to close.</param>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        await _stopLock.WaitAsync(cancellationToken);
        try
        {
            if (_stopped)
            {
                return;
            }

            _stopped = true;
            await _stopping.CancelAsync();
            _listener.Dispose();
            _groups.Stop();
            foreach (var connection in _connections.Keys)
            {
                connection.Dispose();
            }

            await Task.WhenAll([_acceptLoop, _maintenanceLoop, .. _connections.Values]).WaitAsync(cancellationToken);
            _logs.Dispose();
            _offsets.Dispose();
            _directoryLock.Dispose();
            BrokerLog.Stopped(_logger, BootstrapServers);
        }
        finally
        {
            _stopLock.Release();
        }
    }

    /// <summary>Stops the broker and deletes its data directory if the broker created it.</summary>
    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        if (_ownsDataDirectory)
        {
            try
            {
                Directory.Delete(_dataDirectory, recursive: true);
            }
            catch (IOException ex)
            {
                BrokerLog.DeleteFailed(_logger, _dataDirectory, ex);
            }
        }

        _stopping.Dispose();
        _stopLock.Dispose();
    }

    private static DevBrokerOptions Copy(DevBrokerOptions options) => new()
    {
        Host = options.Host,
        Port = options.Port,
        DataDirectory = options.DataDirectory,
        AutoCreateTopics = options.AutoCreateTopics,
        DefaultPartitions = options.DefaultPartitions,
        RetentionTime = options.RetentionTime,
        RetentionBytes = options.RetentionBytes,
        SegmentBytes = options.SegmentBytes,
        RetentionCheckInterval = options.RetentionCheckInterval,
        FlushInterval = options.FlushInterval,
        MaxFrameBytes = options.MaxFrameBytes,
        GroupInitialRebalanceDelay = options.GroupInitialRebalanceDelay,
        GroupMinSessionTimeout = options.GroupMinSessionTimeout,
        GroupMaxSessionTimeout = options.GroupMaxSessionTimeout,
    };

    private static FileStream LockDirectory(string dataDirectory)
    {
        try
        {
            return new FileStream(Path.Combine(dataDirectory, ".lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException ex)
        {
            throw new IOException($"The data directory '{dataDirectory}' is in use by another running broker.", ex);
        }
    }

    private static string LoadClusterId(string dataDirectory)
    {
        var path = Path.Combine(dataDirectory, "cluster-id");
        if (File.Exists(path))
        {
            var existing = File.ReadAllText(path).Trim();
            if (existing.Length > 0)
            {
                return existing;
            }
        }

        var clusterId = Convert.ToBase64String(Guid.NewGuid().ToByteArray()).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        File.WriteAllText(path, clusterId);
        return clusterId;
    }

    private void Listen()
    {
        var address = IPAddress.TryParse(_options.Host, out var parsed)
            ? parsed
            : Dns.GetHostAddresses(_options.Host).First(a => a.AddressFamily == AddressFamily.InterNetwork);
        _listener = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        _listener.Bind(new IPEndPoint(address, _options.Port));
        _listener.Listen(512);
        Port = ((IPEndPoint)_listener.LocalEndPoint!).Port;
        _context.AdvertisedPort = Port;
        BrokerLog.Listening(_logger, BootstrapServers, _dataDirectory);
        _acceptLoop = Task.Run(AcceptLoopAsync);
        _maintenanceLoop = Task.Run(MaintenanceLoopAsync);
    }

    private async Task AcceptLoopAsync()
    {
        var token = _stopping.Token;
        while (!token.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptAsync(token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                if (token.IsCancellationRequested)
                {
                    return;
                }

                continue;
            }

            socket.NoDelay = true;
            var connection = new ClientConnection(socket, _context, _dispatcher);
            var run = Task.Run(() => connection.RunAsync(token), CancellationToken.None);
            _connections[connection] = run;
            _ = run.ContinueWith(_ => _connections.TryRemove(connection, out Task? _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }

    private async Task MaintenanceLoopAsync()
    {
        var token = _stopping.Token;
        var nextRetention = Environment.TickCount64 + (long)_options.RetentionCheckInterval.TotalMilliseconds;
        var flushEvery = _options.FlushInterval == Timeout.InfiniteTimeSpan ? long.MaxValue : (long)_options.FlushInterval.TotalMilliseconds;
        var nextFlush = flushEvery == long.MaxValue ? long.MaxValue : Environment.TickCount64 + flushEvery;
        using var timer = new PeriodicTimer(GroupTickInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(token))
            {
                try
                {
                    _groups.Tick();
                    var now = Environment.TickCount64;
                    if (now >= nextRetention)
                    {
                        nextRetention = now + (long)_options.RetentionCheckInterval.TotalMilliseconds;
                        _logs.EnforceRetention();
                    }

                    if (now >= nextFlush)
                    {
                        nextFlush = now + flushEvery;
                        // On a thread of its own: a sync can take a second on a busy disk, and blocking a pool thread that
                        // long starves an in-process host (a silo on two cores stalled until the pool added threads).
                        await Task.Factory.StartNew(
                            () =>
                            {
                                _logs.FlushToDisk();
                                _offsets.FlushToDisk();
                            },
                            CancellationToken.None,
                            TaskCreationOptions.LongRunning,
                            TaskScheduler.Default);
                    }
                }
#pragma warning disable CA1031 // Maintenance must keep running; the failure is logged.
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    BrokerLog.MaintenanceFailed(_logger, ex);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }
}
