namespace PubSec.Dr.Errors;

/// <summary>
/// An exception and its causes, outermost first. SDKs and HttpClient wrap the exception that says what happened
/// (a TimeoutException of a connect deadline, a DeadlineExceededException, a refused socket) several levels deep,
/// so the error mappers look along the whole chain.
/// </summary>
internal static class ExceptionChain
{
    public static IEnumerable<Exception> Of(Exception? ex)
    {
        for (var e = ex; e is not null; e = e.InnerException)
        {
            yield return e;
        }
    }

    /// <summary>The outermost exception of type <typeparamref name="T"/> in the chain, or null.</summary>
    public static T? Find<T>(Exception? ex) where T : Exception => Of(ex).OfType<T>().FirstOrDefault();

    /// <summary>The root cause (e.g. "Connection refused"), or null for no exception.</summary>
    public static Exception? Innermost(Exception? ex) => Of(ex).LastOrDefault();
}
