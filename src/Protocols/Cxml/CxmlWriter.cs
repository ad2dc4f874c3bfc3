using System.Globalization;
using System.Text;
using System.Xml;
using Punchout.Protocols.Cxml.Orders;
using Punchout.Protocols.Cxml.PunchOut;

namespace Punchout.Protocols.Cxml;

/// <summary>Writes cXML documents that validate against the bundled DTD: UTF-8 without BOM, elements in the DTD's
/// order, datetimes with an offset, decimals with a point, empty optional elements left out.</summary>
public static partial class CxmlWriter
{
    private static readonly XmlWriterSettings Settings = new()
    {
        Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
        Indent = true,
        IndentChars = "  ",
        NewLineChars = "\n",
        CloseOutput = false,
    };

    /// <summary>The document's bytes.</summary>
    public static byte[] ToBytes(CxmlEnvelope document)
    {
        using var buffer = new MemoryStream();
        Write(document, buffer);
        return buffer.ToArray();
    }

    /// <summary>Writes the document to <paramref name="output"/>.</summary>
    /// <exception cref="InvalidOperationException">The model lacks something the DTD requires.</exception>
    public static void Write(CxmlEnvelope document, Stream output)
    {
        ArgumentNullException.ThrowIfNull(document);
        using var w = XmlWriter.Create(output, Settings);
        w.WriteStartDocument();
        w.WriteDocType("cXML", null, CxmlDtd.SystemIdOf(DtdNameOf(document.Body)), null);
        w.WriteStartElement("cXML");
        w.WriteAttributeString("payloadID", document.PayloadId);
        w.WriteAttributeString("timestamp", CxmlTimestamp.Format(document.Timestamp));
        w.WriteAttributeString("xml", "lang", null, document.Lang ?? "en-US");
        if (document.SignatureVersion is { } signatureVersion)
        {
            w.WriteAttributeString("signatureVersion", signatureVersion);
        }
        if (document.Header is { } header)
        {
            WriteHeader(w, header);
        }
        else if (document.Body is not CxmlResponse)
        {
            throw new InvalidOperationException("A Request or Message needs a Header.");
        }

        switch (document.Body)
        {
            case CxmlRequest request:
                w.WriteStartElement("Request");
                w.WriteAttributeString("deploymentMode", request.DeploymentMode == DeploymentMode.Test ? "test" : "production");
                WriteRequestPayload(w, request.Payload);
                w.WriteEndElement();
                break;
            case CxmlResponse response:
                w.WriteStartElement("Response");
                WriteStatus(w, response.Status);
                switch (response.Payload)
                {
                    case PunchOutSetupResponse setup:
                        w.WriteStartElement("PunchOutSetupResponse");
                        w.WriteStartElement("StartPage");
                        w.WriteElementString("URL", setup.StartPageUrl);
                        w.WriteEndElement();
                        w.WriteEndElement();
                        break;
                    case Profile.ProfileResponse profile:
                        WriteProfileResponse(w, profile);
                        break;
                    case { } other:
                        throw new InvalidOperationException($"No writer for {other.GetType().Name}.");
                }

                w.WriteEndElement();
                break;
            case CxmlMessage message:
                w.WriteStartElement("Message");
                w.WriteAttributeString("deploymentMode", message.DeploymentMode == DeploymentMode.Test ? "test" : "production");
                if (message.InReplyTo is { } inReplyTo)
                {
                    w.WriteAttributeString("inReplyTo", inReplyTo);
                }

                if (message.Status is { } status)
                {
                    WriteStatus(w, status);
                }

                WriteMessagePayload(w, message.Payload);
                w.WriteEndElement();
                break;
            default:
                throw new InvalidOperationException($"No writer for {document.Body.GetType().Name}.");
        }

        w.WriteEndElement();
        w.WriteEndDocument();
    }

    // The DTD that declares the document's body: Fulfill.dtd and InvoiceDetail.dtd for their requests, cXML.dtd otherwise.
    private static string DtdNameOf(CxmlBody body) => body is CxmlRequest request ? request.Payload.DtdName : CxmlDtd.CxmlDtdName;

    private static void WriteHeader(XmlWriter w, CxmlHeader header)
    {
        w.WriteStartElement("Header");
        WriteCredentials(w, "From", header.From);
        WriteCredentials(w, "To", header.To);
        w.WriteStartElement("Sender");
        foreach (var credential in RequireAny(header.Sender.Credentials, "Sender"))
        {
            WriteCredential(w, credential);
        }

        w.WriteElementString("UserAgent", header.Sender.UserAgent);
        w.WriteEndElement();
        w.WriteEndElement();
    }

    private static void WriteCredentials(XmlWriter w, string element, IReadOnlyList<Credential> credentials)
    {
        w.WriteStartElement(element);
        foreach (var credential in RequireAny(credentials, element))
        {
            WriteCredential(w, credential);
        }

        w.WriteEndElement();
    }

    private static void WriteCredential(XmlWriter w, Credential credential)
    {
        w.WriteStartElement("Credential");
        w.WriteAttributeString("domain", credential.Domain);
        w.WriteElementString("Identity", credential.Identity);
        if (credential.SharedSecret is { } secret)
        {
            w.WriteElementString("SharedSecret", secret.Reveal());
        }
        else if (credential.Mac is { } mac)
        {
            w.WriteStartElement("CredentialMac");
            w.WriteAttributeString("type", mac.Type);
            w.WriteAttributeString("algorithm", mac.Algorithm);
            w.WriteAttributeString("creationDate", mac.CreationDate);
            w.WriteAttributeString("expirationDate", mac.ExpirationDate);
            w.WriteString(mac.Value);
            w.WriteEndElement();
        }

        w.WriteEndElement();
    }

    private static void WriteStatus(XmlWriter w, CxmlStatus status)
    {
        w.WriteStartElement("Status");
        w.WriteAttributeString("code", status.Code.ToString(CultureInfo.InvariantCulture));
        w.WriteAttributeString("text", status.Text);
        w.WriteAttributeString("xml", "lang", null, "en-US");
        if (!string.IsNullOrEmpty(status.Detail))
        {
            w.WriteString(status.Detail);
        }

        w.WriteEndElement();
    }

    private static void WriteRequestPayload(XmlWriter w, CxmlRequestPayload payload)
    {
        switch (payload)
        {
            case Profile.ProfileRequest:
                w.WriteStartElement("ProfileRequest");
                w.WriteEndElement();
                break;
            case PunchOutSetupRequest setup:
                WritePunchOutSetupRequest(w, setup);
                break;
            case OrderRequest order:
                WriteOrderRequest(w, order);
                break;
            case Fulfill.ConfirmationRequest confirmation:
                WriteConfirmationRequest(w, confirmation);
                break;
            case Fulfill.ShipNoticeRequest notice:
                WriteShipNoticeRequest(w, notice);
                break;
            case Status.StatusUpdateRequest update:
                WriteStatusUpdateRequest(w, update);
                break;
            case Invoices.InvoiceDetailRequest invoice:
                WriteInvoiceDetailRequest(w, invoice);
                break;
            default:
                throw new InvalidOperationException($"No writer for {payload.RequestName}.");
        }
    }

    private static void WriteOptional(XmlWriter w, string element, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            w.WriteElementString(element, value);
        }
    }

    private static void WriteOptionalAttribute(XmlWriter w, string attribute, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            w.WriteAttributeString(attribute, value);
        }
    }

    private static IReadOnlyList<T> RequireAny<T>(IReadOnlyList<T> items, string what) =>
        items.Count > 0 ? items : throw new InvalidOperationException($"The DTD requires at least one {what}.");

    private static string Number(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Lower<TEnum>(TEnum value)
        where TEnum : struct, Enum
    {
        var name = value.ToString();
        return string.Concat(name[..1].ToLowerInvariant(), name.AsSpan(1));
    }
}
