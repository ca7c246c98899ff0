package io.stayaway.gateway.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

/** A caseworker is scoped to an organisation, held to the rules of an order's organisation. */
class UserAccountTest {
    @Test
    void aCaseworkerHoldsTheirOrganisationAsScope() {
        UserAccount cw = new UserAccount("cw-1", Role.CASEWORKER, "浦东新区妇联");
        assertEquals("浦东新区妇联", cw.scope());
        assertEquals("organisation", UserAccount.scopeField(Role.CASEWORKER));
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "  ", "Women's\tFederation", "Federation\n"})
    void aCaseworkerNeedsAnOrganisationWithoutControlCharacters(String organisation) {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> new UserAccount("cw-1", Role.CASEWORKER, organisation));
        assertEquals(true, e.getMessage().contains("organisation"), e.getMessage());
    }

    @Test
    void anOrganisationOfMoreThan200CharactersIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new UserAccount("cw-1", Role.CASEWORKER, "o".repeat(201)));
    }

    @Test
    void theRoleIsReadByItsWireName() {
        assertEquals(Role.CASEWORKER, Role.parse("caseworker"));
        assertEquals("caseworker", Role.CASEWORKER.wireName());
        assertThrows(IllegalArgumentException.class, () -> Role.parse("CASEWORKER"));
    }

    @Test
    void anAdminHasNoOrganisation() {
        assertThrows(IllegalArgumentException.class, () -> new UserAccount("a", Role.ADMIN, "Federation"));
    }
}
