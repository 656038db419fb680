/**
 * X.509 certificates made in-process: EC P-256 keys and signatures from
 * node:crypto, the certificate's DER from @peculiar/asn1-x509. No system
 * openssl: macOS ships LibreSSL, whose `req` may refuse `-addext`, and
 * Windows (WSL aside) has none.
 */
import { generateKeyPairSync, randomBytes, sign, X509Certificate, type KeyObject } from 'node:crypto';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import {
  AlgorithmIdentifier,
  AttributeTypeAndValue,
  AttributeValue,
  BasicConstraints,
  Certificate,
  ExtendedKeyUsage,
  Extension,
  Extensions,
  GeneralName,
  id_ce_basicConstraints,
  id_ce_extKeyUsage,
  id_ce_keyUsage,
  id_ce_subjectAltName,
  id_kp_clientAuth,
  id_kp_serverAuth,
  KeyUsage,
  KeyUsageFlags,
  Name,
  RelativeDistinguishedName,
  SubjectAlternativeName,
  SubjectPublicKeyInfo,
  TBSCertificate,
  Validity,
  Version,
} from '@peculiar/asn1-x509';

/** A certificate and its private key, as PEM. */
export interface IssuedCertificate {
  certPem: string;
  keyPem: string;
  /** For signing further certificates with this one (a CA). */
  key: KeyObject;
  subject: Name;
}

export interface CertificateRequest {
  commonName: string;
  /** Subject organisation: Kubernetes reads it as the user's group (system:nodes). */
  organization?: string;
  /** A CA signs others; a leaf serves or logs in. */
  ca?: boolean;
  usage?: 'serverAuth' | 'clientAuth';
  ipAddresses?: string[];
  dnsNames?: string[];
  days: number;
  /** The CA that signs it; none: it signs itself. */
  issuer?: IssuedCertificate;
}

const ecdsaWithSha256 = '1.2.840.10045.4.3.2';
const commonNameOid = '2.5.4.3';
const organizationOid = '2.5.4.10';

function nameOf(commonName: string, organization?: string): Name {
  const attribute = (type: string, value: string) => new RelativeDistinguishedName([new AttributeTypeAndValue({ type, value: new AttributeValue({ utf8String: value }) })]);
  return new Name([...(organization ? [attribute(organizationOid, organization)] : []), attribute(commonNameOid, commonName)]);
}

function extension(extnID: string, critical: boolean, value: unknown): Extension {
  return new Extension({ extnID, critical, extnValue: new OctetString(AsnConvert.serialize(value)) });
}

/** Issues one certificate with a fresh EC P-256 key, signed by `issuer` or by itself. */
export function issueCertificate(request: CertificateRequest): IssuedCertificate {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const subject = nameOf(request.commonName, request.organization);
  const signer = request.issuer ?? { key: privateKey, subject };
  const notBefore = new Date(Date.now() - 60_000); // a minute of leeway for a clock that lags
  const serial = randomBytes(16);
  serial[0]! &= 0x7f; // a positive INTEGER
  const altNames = [...(request.ipAddresses ?? []).map((iPAddress) => new GeneralName({ iPAddress })), ...(request.dnsNames ?? []).map((dNSName) => new GeneralName({ dNSName }))];
  const usage = request.ca
    ? KeyUsageFlags.keyCertSign | KeyUsageFlags.cRLSign | KeyUsageFlags.digitalSignature
    : KeyUsageFlags.digitalSignature | KeyUsageFlags.keyEncipherment;
  const extensions = new Extensions([
    extension(id_ce_basicConstraints, true, new BasicConstraints({ cA: Boolean(request.ca) })),
    extension(id_ce_keyUsage, true, new KeyUsage(usage)),
    ...(request.usage ? [extension(id_ce_extKeyUsage, false, new ExtendedKeyUsage([request.usage === 'serverAuth' ? id_kp_serverAuth : id_kp_clientAuth]))] : []),
    ...(altNames.length ? [extension(id_ce_subjectAltName, false, new SubjectAlternativeName(altNames))] : []),
  ]);
  const algorithm = new AlgorithmIdentifier({ algorithm: ecdsaWithSha256 });
  const tbs = new TBSCertificate({
    version: Version.v3,
    serialNumber: serial.buffer.slice(serial.byteOffset, serial.byteOffset + serial.byteLength),
    signature: algorithm,
    issuer: signer.subject,
    validity: new Validity({ notBefore, notAfter: new Date(notBefore.getTime() + request.days * 86_400_000) }),
    subject,
    subjectPublicKeyInfo: AsnConvert.parse(publicKey.export({ type: 'spki', format: 'der' }), SubjectPublicKeyInfo),
    extensions,
  });
  const tbsDer = Buffer.from(AsnConvert.serialize(tbs));
  const signature = sign('sha256', tbsDer, { key: signer.key, dsaEncoding: 'der' });
  const der = Buffer.from(AsnConvert.serialize(new Certificate({ tbsCertificate: tbs, signatureAlgorithm: algorithm, signatureValue: new Uint8Array(signature).buffer })));
  const certPem = `-----BEGIN CERTIFICATE-----\n${der.toString('base64').match(/.{1,64}/g)!.join('\n')}\n-----END CERTIFICATE-----\n`;
  // Parsed once by Node's own X.509 reader: a certificate it cannot read never leaves here.
  new X509Certificate(certPem);
  return { certPem, keyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), key: privateKey, subject };
}
