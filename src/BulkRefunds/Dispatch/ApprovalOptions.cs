namespace BulkRefunds.Dispatch;

/// <summary>Section <c>Approval</c>: which uploads wait for an operator's approval before anything is sent.</summary>
public sealed class ApprovalOptions
{
    /// <summary>Uploads through the web page or <c>POST /api/manifests</c>.</summary>
    public bool RequiredForWeb { get; set; } = true;

    /// <summary>Files picked up from the drop folder.</summary>
    public bool RequiredForDropFolder { get; set; } = true;

    /// <summary>The <c>run</c> and <c>import</c> verbs (the command line is usually the operator already).</summary>
    public bool RequiredForCommandLine { get; set; }

    /// <summary>The approver must be someone other than the uploader.</summary>
    public bool FourEyes { get; set; } = true;
}
