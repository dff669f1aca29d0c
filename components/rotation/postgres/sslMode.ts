/** How the rotation's connections to PostgreSQL are protected (over TCP; a unix socket never leaves the machine). */
export enum PostgresSslMode {
    /** TLS, with the server's certificate chain checked against the CA bundle and its name against the host. */
    VerifyFull = "verify-full",
    /** TLS, with the certificate chain checked but not the name (e.g. a server reached by an IP its certificate lacks). */
    VerifyCa = "verify-ca",
    /**
     * No TLS: the admin's login exchange and the new password's verifier cross the network in clear. Only for a server
     * without TLS on a network you trust.
     */
    Disable = "disable",
}
