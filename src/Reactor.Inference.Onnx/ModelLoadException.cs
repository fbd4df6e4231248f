namespace Reactor.Inference.Onnx;

/// <summary>Reports a model that could not be loaded: the file or blob is missing, its SHA-256 differs from the configured one, or it is not a usable ONNX model.</summary>
public sealed class ModelLoadException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    public ModelLoadException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message; it names the model and the setting to fix.</param>
    public ModelLoadException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the underlying cause.</summary>
    /// <param name="message">The message; it names the model and the setting to fix.</param>
    /// <param name="innerException">The cause.</param>
    public ModelLoadException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
