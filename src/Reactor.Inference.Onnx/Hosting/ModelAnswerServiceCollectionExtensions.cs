using Microsoft.Extensions.DependencyInjection;
using Reactor.Inference.Onnx;
using Reactor.Inference.Onnx.Providers;

namespace Orleans.Hosting;

/// <summary>Lets tests answer for a model, so reaction tests need no ONNX file.</summary>
public static class ModelAnswerServiceCollectionExtensions
{
    /// <summary>
    /// Answers every score asked of <paramref name="name"/> with <paramref name="answer"/> (replacing an ONNX model of that
    /// name). Decision records show version <c>test-answer</c>.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="name">The model name.</param>
    /// <param name="answer">Given the features, returns the score.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddModelAnswer(this IServiceCollection services, string name, Func<IModelFeatures, double> answer)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(answer);
        services.AddModelRegistry();
        services.AddSingleton(new ModelRegistration(name, (_, _) => Task.FromResult<IScoringModel>(new AnswerScoringModel(name, answer))));
        return services;
    }
}
