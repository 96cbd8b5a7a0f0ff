/** The user id (and name) of a request made with GRIOT_ADMIN_TOKEN: no user of the store, but it may start previews. */
export const ADMIN_TOKEN_PRINCIPAL = 'admin-token';
