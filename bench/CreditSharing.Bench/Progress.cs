using Spectre.Console;

namespace CreditSharing.Bench;

/// <summary>
/// Progress bars while seeding and draining, on stderr so stdout stays the Markdown table. When
/// stderr is not a terminal (CI logs) Spectre prints nothing and the phases' result lines remain.
/// </summary>
public static class Progress
{
    private static readonly IAnsiConsole Console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(System.Console.Error) });

    /// <summary>Runs <paramref name="work"/> with one bar of <paramref name="total"/> steps; the work reports steps done (cumulative).</summary>
    public static Task RunAsync(string title, double total, Func<Action<double>, Task> work)
        => Console.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask(title, maxValue: Math.Max(1, total));
                await work(done => task.Value = Math.Min(total, done));
                task.Value = task.MaxValue;
            });
}
