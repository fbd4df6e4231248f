using System.Reflection;
using System.Runtime.CompilerServices;
using Reactor.Runtime.Events;

namespace Reactor.Runtime.Shadow;

/// <summary>Creates shadow evaluations for entity grain classes, whatever their state type.</summary>
public static class ShadowEvaluations
{
    /// <summary>Creates a shadow evaluation of an entity grain class, using its <c>Define</c>.</summary>
    /// <param name="grainClass">A class deriving from <see cref="EntityGrain{TState}"/>; its <c>Define</c> must not depend on constructor-injected services.</param>
    /// <param name="entityType">The entity type as decision records name it (the Orleans grain type, for example <c>customer</c>).</param>
    /// <param name="registry">The registered event types.</param>
    /// <param name="services">The host's services, for reactions that use them (model scoring).</param>
    /// <param name="options">The candidates, model overrides, compared range and limits.</param>
    /// <returns>The evaluation.</returns>
    /// <exception cref="ArgumentException">The class is no entity grain, the options are invalid, or a candidate rule has no candidate version.</exception>
    public static IShadowEvaluation Create(Type grainClass, string entityType, EventTypeRegistry registry, IServiceProvider services, ShadowOptions options)
    {
        var state = StateTypeOf(grainClass);
        var create = typeof(ShadowEvaluations).GetMethod(nameof(CreateTyped), BindingFlags.NonPublic | BindingFlags.Static)!.MakeGenericMethod(state);
        try
        {
            return (IShadowEvaluation)create.Invoke(null, [grainClass, entityType, registry, services, options])!;
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(ex.InnerException);
            throw;
        }
    }

    /// <summary>Lists the rule ids for which an entity grain class declares a candidate version.</summary>
    /// <param name="grainClass">A class deriving from <see cref="EntityGrain{TState}"/>.</param>
    /// <returns>The rule ids.</returns>
    /// <exception cref="ArgumentException">The class is no entity grain.</exception>
    public static IReadOnlyCollection<string> CandidateRulesOf(Type grainClass)
    {
        var state = StateTypeOf(grainClass);
        var list = typeof(ShadowEvaluations).GetMethod(nameof(CandidatesTyped), BindingFlags.NonPublic | BindingFlags.Static)!.MakeGenericMethod(state);
        return (IReadOnlyCollection<string>)list.Invoke(null, [grainClass])!;
    }

    /// <summary>Lists the topics an entity grain class reacts to (its <see cref="ReactsToAttribute"/>s).</summary>
    /// <param name="grainClass">The grain class.</param>
    /// <returns>The topics.</returns>
    public static IReadOnlyList<string> TopicsOf(Type grainClass)
    {
        ArgumentNullException.ThrowIfNull(grainClass);
        return [.. grainClass.GetCustomAttributes<ReactsToAttribute>(inherit: true).Select(a => a.Topic).Distinct(StringComparer.Ordinal)];
    }

    private static Type StateTypeOf(Type grainClass)
    {
        ArgumentNullException.ThrowIfNull(grainClass);
        for (var type = grainClass; type is not null; type = type.BaseType)
        {
            if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(EntityGrain<>) && !grainClass.IsAbstract)
            {
                return type.GetGenericArguments()[0];
            }
        }

        throw new ArgumentException($"{grainClass.Name} is not an entity grain class (a non-abstract class deriving from EntityGrain<TState>).", nameof(grainClass));
    }

    private static ShadowEvaluation<TState> CreateTyped<TState>(Type grainClass, string entityType, EventTypeRegistry registry, IServiceProvider services, ShadowOptions options)
        where TState : class, new() =>
        new(entityType, DefineOf<TState>(grainClass), registry, services, options);

    private static IReadOnlyCollection<string> CandidatesTyped<TState>(Type grainClass)
        where TState : class, new()
    {
        var definition = new EntityDefinition<TState>();
        DefineOf<TState>(grainClass)(definition);
        return definition.CandidateRuleIds;
    }

    // The grain is never activated: only its Define runs, as in the test kit.
    private static Action<EntityDefinition<TState>> DefineOf<TState>(Type grainClass)
        where TState : class, new() =>
        ((EntityGrain<TState>)RuntimeHelpers.GetUninitializedObject(grainClass)).DefineInto;
}
