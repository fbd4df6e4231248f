using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace Reactor.TestInfrastructure;

/// <summary>
/// A program the tests run as a child process (a Reactor host), with every line it prints on standard output and
/// standard error kept with its arrival time, signals as a terminal or Kubernetes sends them, and a timed wait for exit.
/// </summary>
public sealed class ChildProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<OutputLine> _lines = new();

    private ChildProcess(Process process) => _process = process;

    /// <summary>Gets every line printed so far, in arrival order.</summary>
    public IReadOnlyList<OutputLine> Lines => [.. _lines];

    /// <summary>Gets the lines printed on standard output.</summary>
    public IReadOnlyList<string> StandardOutput => [.. _lines.Where(l => !l.IsError).Select(l => l.Text)];

    /// <summary>Gets the lines printed on standard error.</summary>
    public IReadOnlyList<string> StandardError => [.. _lines.Where(l => l.IsError).Select(l => l.Text)];

    /// <summary>Gets standard output, then standard error, for failure messages.</summary>
    public string Transcript => string.Join('\n', StandardOutput) + "\n--- stderr ---\n" + string.Join('\n', StandardError);

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>Starts <paramref name="fileName"/> with <paramref name="arguments"/> and extra environment variables.</summary>
    /// <remarks>
    /// A runner started in the background (<c>cmd &amp;</c> from a script) ignores SIGINT, and a child would inherit that
    /// and never see the Ctrl+C a test sends; <c>env --default-signal</c> restores the default, as a terminal has it.
    /// </remarks>
    public static ChildProcess Start(string fileName, IEnumerable<string> arguments, string workingDirectory, IEnumerable<KeyValuePair<string, string>>? environment = null)
    {
        Directory.CreateDirectory(workingDirectory);
        var start = new ProcessStartInfo("env")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("--default-signal=INT,TERM");
        start.ArgumentList.Add(fileName);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? [])
        {
            start.Environment[key] = value;
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var child = new ChildProcess(process);
        process.OutputDataReceived += (_, e) => child.Add(e.Data, isError: false);
        process.ErrorDataReceived += (_, e) => child.Add(e.Data, isError: true);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>Sends a signal by name (<c>INT</c> as Ctrl+C does, <c>TERM</c> as Kubernetes does to a pod it stops).</summary>
    public void Signal(string name)
    {
        using var kill = Process.Start("kill", ["-" + name, _process.Id.ToString(CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    /// <summary>Kills the process tree with SIGKILL and waits for it to end.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    /// <summary>Waits for the process to exit and its output to be read; a <see cref="TimeoutException"/> with the transcript otherwise.</summary>
    /// <returns>The exit code.</returns>
    public async Task<int> WaitForExitAsync(TimeSpan timeout, string name = "The process")
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"{name} did not exit within {timeout}. Output:\n{Transcript}");
        }

        // The parameterless overload waits for the redirected streams to be drained.
        await _process.WaitForExitAsync();
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            await KillAsync();
        }

        _process.Dispose();
    }

    private void Add(string? line, bool isError)
    {
        if (line is not null)
        {
            _lines.Enqueue(new OutputLine(DateTime.UtcNow, line, isError));
        }
    }
}

/// <summary>One line a child process printed.</summary>
/// <param name="At">When it arrived (UTC).</param>
/// <param name="Text">The line.</param>
/// <param name="IsError">Whether it came on standard error.</param>
public sealed record OutputLine(DateTime At, string Text, bool IsError);
