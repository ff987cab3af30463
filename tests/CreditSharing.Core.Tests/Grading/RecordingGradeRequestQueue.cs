using CreditSharing.Core.Grading;

namespace CreditSharing.Core.Tests.Grading;

/// <summary>The grade-request queue in memory: keeps every message sent.</summary>
internal sealed class RecordingGradeRequestQueue : IGradeRequestQueue
{
    private readonly Lock gate = new();
    private readonly List<GradeRequestMessage> messages = [];
    private readonly List<TimeSpan> delays = [];

    public IReadOnlyList<GradeRequestMessage> Messages
    {
        get
        {
            lock (gate)
            {
                return [.. messages];
            }
        }
    }

    public IReadOnlyList<TimeSpan> Delays
    {
        get
        {
            lock (gate)
            {
                return [.. delays];
            }
        }
    }

    public Task EnqueueAsync(GradeRequestMessage message, CancellationToken cancellationToken)
        => EnqueueAsync(message, TimeSpan.Zero, cancellationToken);

    /// <summary>How long each send takes, as a real queue's round trip does.</summary>
    public TimeSpan Latency { get; init; }

    public async Task EnqueueAsync(GradeRequestMessage message, TimeSpan delay, CancellationToken cancellationToken)
    {
        if (Latency > TimeSpan.Zero)
        {
            await Task.Delay(Latency, cancellationToken);
        }

        lock (gate)
        {
            messages.Add(message);
            delays.Add(delay);
        }
    }

    public void Clear()
    {
        lock (gate)
        {
            messages.Clear();
        }
    }
}
