/** How a PostgreSQL login's password is rotated. */
export enum PostgresRotationStrategy {
    /**
     * One login role; its password is replaced in place. Connections opened with the old password keep working,
     * but new ones fail until the consumer has the new Secret: a short window of failed reconnects.
     */
    SingleUser = "single-user",
    /**
     * Two login roles `<role>_a` / `<role>_b` acting through the owner role `<role>`. Each rotation sets the new
     * password on the login the consumer is not using and switches the consumer to it; the other login keeps its
     * password until the next rotation, so reconnects never fail.
     */
    AlternatingUsers = "alternating-users",
}
