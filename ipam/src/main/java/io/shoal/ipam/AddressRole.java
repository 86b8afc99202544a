package io.shoal.ipam;

/** Why an address is allocated. */
public enum AddressRole {
    /** The pool's gateway. */
    GATEWAY,
    /** An auxiliary address reserved by name ({@code --aux-address}). */
    AUX,
    /** An endpoint's address. */
    ENDPOINT
}
