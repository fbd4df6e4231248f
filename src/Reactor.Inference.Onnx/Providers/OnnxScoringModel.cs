using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Orleans.Configuration;

namespace Reactor.Inference.Onnx.Providers;

/// <summary>
/// One loaded ONNX model: a single InferenceSession shared by every caller (ONNX Runtime's Run is thread-safe), scored
/// row by row on the caller's thread, or through a <see cref="ScoringBatcher"/> when micro-batching is on.
/// </summary>
internal sealed class OnnxScoringModel : IScoringModel, IAsyncDisposable, IDisposable
{
    private readonly InferenceSession _session;
    private readonly RunOptions _runOptions = new();
    private readonly string[] _inputNames;
    private readonly string[] _outputNames;
    private readonly ScoringBatcher? _batcher;

    public OnnxScoringModel(string name, OnnxModelOptions options, byte[] model, string sha256)
    {
        Name = name;
        Version = options.Version!;
        Sha256 = sha256;
        using var sessionOptions = new SessionOptions
        {
            IntraOpNumThreads = options.IntraOpThreads,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
        };
        try
        {
            _session = new InferenceSession(model, sessionOptions);
        }
        catch (OnnxRuntimeException ex)
        {
            throw new ModelLoadException($"Model '{name}': {options.Path} is not a model ONNX Runtime can load: {ex.Message}", ex);
        }

        try
        {
            (_inputNames, FeatureCount) = ReadInput(name, _session, options.MaxBatchSize);
            _outputNames = [ReadOutput(name, _session, options.Output)];
        }
        catch
        {
            _session.Dispose();
            throw;
        }

        if (options.MaxBatchSize > 1)
        {
            _batcher = new ScoringBatcher(RunBatch, options.MaxBatchSize, options.MaxBatchDelay);
        }
    }

    public string Name { get; }

    public string Version { get; }

    public string Sha256 { get; }

    /// <summary>Gets the width of the model's input row.</summary>
    public int FeatureCount { get; }

    public ValueTask<ModelScore> ScoreAsync(IModelFeatures features, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(features);
        var row = ToRow(features);
        return _batcher is null
            ? new ValueTask<ModelScore>(ToScore(RunOne(row)))
            : ScoreBatchedAsync(row, cancellationToken);
    }

    /// <summary>Runs the session on rows, one run with a batch dimension; returns each row's output, in order.</summary>
    /// <param name="rows">The rows, each <see cref="FeatureCount"/> wide.</param>
    /// <returns>The outputs.</returns>
    public float[][] RunBatch(IReadOnlyList<float[]> rows)
    {
        var input = new float[rows.Count * FeatureCount];
        for (var i = 0; i < rows.Count; i++)
        {
            rows[i].CopyTo(input, i * FeatureCount);
        }

        using var value = OrtValue.CreateTensorValueFromMemory(input, [rows.Count, FeatureCount]);
        using var outputs = _session.Run(_runOptions, _inputNames, [value], _outputNames);
        var data = outputs[0].GetTensorDataAsSpan<float>();
        var width = data.Length / rows.Count;
        var answers = new float[rows.Count][];
        for (var i = 0; i < rows.Count; i++)
        {
            answers[i] = data.Slice(i * width, width).ToArray();
        }

        return answers;
    }

    public async ValueTask DisposeAsync()
    {
        if (_batcher is not null)
        {
            await _batcher.DisposeAsync();
        }

        _session.Dispose();
        _runOptions.Dispose();
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private static (string[] Inputs, int Features) ReadInput(string name, InferenceSession session, int maxBatchSize)
    {
        if (session.InputMetadata.Count != 1)
        {
            throw new ModelLoadException($"Model '{name}' has {session.InputMetadata.Count} inputs; Reactor scores models with one float input of shape [rows, features].");
        }

        var (inputName, input) = session.InputMetadata.Single();
        if (input.ElementDataType != TensorElementType.Float || input.Dimensions.Length != 2 || input.Dimensions[1] < 1)
        {
            throw new ModelLoadException(
                $"Model '{name}': its input '{inputName}' is {input.ElementDataType} [{string.Join(", ", input.Dimensions)}]; Reactor scores models with one float input of shape [rows, features].");
        }

        if (maxBatchSize > 1 && input.Dimensions[0] > 0)
        {
            throw new ModelLoadException(
                $"Model '{name}': {OnnxModelOptions.SectionName}:{name}:MaxBatchSize is {maxBatchSize}, but the input '{inputName}' has a fixed first dimension ({input.Dimensions[0]}); batching needs a dynamic one.");
        }

        return ([inputName], input.Dimensions[1]);
    }

    private static string ReadOutput(string name, InferenceSession session, string? configured)
    {
        if (configured is null)
        {
            return session.OutputNames[0];
        }

        return session.OutputMetadata.ContainsKey(configured)
            ? configured
            : throw new ModelLoadException(
                $"Model '{name}' has no output '{configured}' ({OnnxModelOptions.SectionName}:{name}:Output); its outputs are {string.Join(", ", session.OutputNames)}.");
    }

    private float[] ToRow(IModelFeatures features)
    {
        if (features.Count != FeatureCount)
        {
            throw new ArgumentException(
                $"Model '{Name}' takes {FeatureCount} features, but {features.GetType().Name} gives {features.Count}.", nameof(features));
        }

        var row = new float[FeatureCount];
        features.CopyTo(row);
        return row;
    }

    private float[] RunOne(float[] row) => RunBatch([row])[0];

    private async ValueTask<ModelScore> ScoreBatchedAsync(float[] row, CancellationToken cancellationToken) =>
        ToScore(await _batcher!.ScoreAsync(row, cancellationToken));

    private ModelScore ToScore(float[] output) => new(Name, Version, Sha256, output);
}
