namespace Reactor.Inference.Onnx;

/// <summary>Reports a score asked of a model name that is not registered; the message lists the names that are.</summary>
public sealed class UnknownModelException : InvalidOperationException
{
    /// <summary>Creates the exception for <paramref name="model"/>.</summary>
    /// <param name="model">The name asked for.</param>
    /// <param name="registered">The names that are registered.</param>
    public UnknownModelException(string model, IEnumerable<string> registered)
        : base(Describe(model, registered)) => Model = model;

    /// <summary>Creates the exception with a message.</summary>
    public UnknownModelException()
        : this("(unnamed)", [])
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message.</param>
    public UnknownModelException(string message)
        : base(message) => Model = string.Empty;

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public UnknownModelException(string message, Exception innerException)
        : base(message, innerException) => Model = string.Empty;

    /// <summary>Gets the model name that was asked for.</summary>
    public string Model { get; }

    private static string Describe(string model, IEnumerable<string> registered)
    {
        var names = registered.Order(StringComparer.Ordinal).ToList();
        var known = names.Count == 0 ? "none is registered" : "registered: " + string.Join(", ", names);
        return $"No model named '{model}' is registered ({known}). Register it with AddOnnxModel(\"{model}\", ...) or configure Reactor:Models:{model}:Path, Version and Sha256.";
    }
}
