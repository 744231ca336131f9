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

    /// <summary>
    /// The approver must be someone other than the uploader; a manifest no signed-in person uploaded (the drop folder,
    /// the command line, the anonymous loopback operator <c>local</c>) needs two approvals by two different operators instead.
    /// </summary>
    public bool FourEyes { get; set; } = true;

    /// <summary>
    /// How many different operators must approve an upload through a door: a name like <c>drop-folder</c> or an operating
    /// system account is no one the four-eyes rule could keep from approving their own file, so two people must.
    /// </summary>
    public int ApprovalsFor(bool uploadedBySignedInPerson) => FourEyes && !uploadedBySignedInPerson ? 2 : 1;
}
