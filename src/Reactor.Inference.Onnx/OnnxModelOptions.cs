namespace Orleans.Configuration;

/// <summary>
/// Configures one ONNX model of the registry, by name (<c>AddOnnxModel(name, ...)</c> or the configuration section
/// <c>Reactor:Models:&lt;name&gt;</c>). Checked when the host starts; a bad setting stops the start-up naming it.
/// </summary>
public sealed class OnnxModelOptions
{
    /// <summary>The configuration section that holds one sub-section per model name.</summary>
    public const string SectionName = "Reactor:Models";

    /// <summary>
    /// Gets or sets where the model file is: a local path (relative paths are resolved against the current directory),
    /// or the <c>http(s)</c> URI of an Azure blob. Required; no default.
    /// </summary>
    public string? Path { get; set; }

    /// <summary>Gets or sets the model's version, as it should appear in decision records. Required; no default.</summary>
    public string? Version { get; set; }

    /// <summary>
    /// Gets or sets the SHA-256 of the model file (64 hexadecimal characters). Required; no default. The file's hash is
    /// checked when it is loaded, and a mismatch stops the start-up.
    /// </summary>
    public string? Sha256 { get; set; }

    /// <summary>
    /// Gets or sets the connection string of the storage account that holds a blob <see cref="Path"/> (Azurite, local
    /// runs). Default: none, and the blob is read with <c>DefaultAzureCredential</c>. Pass it through the environment,
    /// never in a committed settings file.
    /// </summary>
    public string? BlobConnectionString { get; set; }

    /// <summary>
    /// Gets or sets the largest number of rows scored in one <c>InferenceSession.Run</c>. Default: 1, micro-batching off:
    /// each score runs the session on its caller's thread. Above 1, concurrent scores from many entities are queued and
    /// run together with a batch dimension (the model's first input dimension must then be dynamic).
    /// </summary>
    public int MaxBatchSize { get; set; } = 1;

    /// <summary>
    /// Gets or sets how long a batch waits for more rows once its first arrived, when micro-batching is on. Default:
    /// zero: a batch takes the rows already queued (those that arrived while the previous batch ran) and runs at once.
    /// </summary>
    public TimeSpan MaxBatchDelay { get; set; } = TimeSpan.Zero;

    /// <summary>
    /// Gets or sets the threads ONNX Runtime may use inside one run. Default: 1, which suits small models scored from
    /// many grains at once; raise it for large models.
    /// </summary>
    public int IntraOpThreads { get; set; } = 1;

    /// <summary>Gets or sets the name of the model output to read. Default: none, the model's first output.</summary>
    public string? Output { get; set; }
}
