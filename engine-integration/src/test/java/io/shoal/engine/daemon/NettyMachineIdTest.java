package io.shoal.engine.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class NettyMachineIdTest {
    @AfterEach
    void clear() {
        System.clearProperty(NettyMachineId.PROPERTY);
    }

    @Test
    void setsALocallyAdministeredEui64WhenNoneIsGiven() {
        System.clearProperty(NettyMachineId.PROPERTY);

        NettyMachineId.setUnlessGiven();

        String id = System.getProperty(NettyMachineId.PROPERTY);
        assertThat(id).matches("([0-9a-f]{2}:){7}[0-9a-f]{2}");
        assertThat(Integer.parseInt(id.substring(0, 2), 16) & 0x02).isEqualTo(0x02);
    }

    @Test
    void keepsTheUsersValue() {
        System.setProperty(NettyMachineId.PROPERTY, "00:11:22:33:44:55");

        NettyMachineId.setUnlessGiven();

        assertThat(System.getProperty(NettyMachineId.PROPERTY)).isEqualTo("00:11:22:33:44:55");
    }
}
