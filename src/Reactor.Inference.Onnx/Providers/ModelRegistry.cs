namespace Reactor.Inference.Onnx.Providers;

/// <summary>Holds every registered model, each loaded once (at start-up, or on first use) and shared by every caller.</summary>
internal sealed class ModelRegistry : IModelRegistry, IAsyncDisposable, IDisposable
{
    private readonly Dictionary<string, Lazy<Task<IScoringModel>>> _models = new(StringComparer.Ordinal);

    public ModelRegistry(IEnumerable<ModelRegistration> registrations, IServiceProvider services)
    {
        foreach (var registration in registrations)
        {
            _models[registration.Name] = new Lazy<Task<IScoringModel>>(() => registration.Load(services, CancellationToken.None));
        }
    }

    public IReadOnlyCollection<string> Names => _models.Keys;

    public ValueTask<IScoringModel> GetAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!_models.TryGetValue(name, out var model))
        {
            throw new UnknownModelException(name, _models.Keys);
        }

        var load = model.Value;
        return load.IsCompletedSuccessfully ? new ValueTask<IScoringModel>(load.Result) : new ValueTask<IScoringModel>(load.WaitAsync(cancellationToken));
    }

    /// <summary>Loads every model; the first failure is thrown, so a bad model stops the start-up.</summary>
    /// <param name="cancellationToken">Cancels waiting.</param>
    /// <returns>A task that completes when every model is loaded.</returns>
    public Task LoadAllAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(_models.Values.Select(m => m.Value)).WaitAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        foreach (var model in Loaded().OfType<IAsyncDisposable>())
        {
            await model.DisposeAsync();
        }
    }

    public void Dispose()
    {
        foreach (var model in Loaded().OfType<IDisposable>())
        {
            model.Dispose();
        }
    }

    private IEnumerable<IScoringModel> Loaded() =>
        _models.Values.Where(m => m.IsValueCreated && m.Value.IsCompletedSuccessfully).Select(m => m.Value.Result);
}
