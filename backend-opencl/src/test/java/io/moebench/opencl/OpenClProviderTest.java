package io.moebench.opencl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.moebench.core.InputException;
import io.moebench.core.spi.BackendConfig;
import io.moebench.core.spi.BackendProvider;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class OpenClProviderTest {
  @Test
  void isRegisteredAndOutranksTheOracle() {
    BackendProvider found = ServiceLoader.load(BackendProvider.class).stream().map(ServiceLoader.Provider::get)
        .filter(p -> p.id().equals("opencl")).findFirst().orElseThrow();
    assertThat(found).isInstanceOf(OpenClProvider.class);
    assertThat(found.rank()).isGreaterThan(0);
  }

  @Test
  void probeNeverThrowsAndExplainsItself() {
    var a = new OpenClProvider().probe();
    assertThat(a.available() ? a.device() : a.reason()).isNotBlank();
  }

  @Test
  void unknownOptionsAreRefusedBeforeAnyDeviceIsTouched() {
    assertThatThrownBy(() -> new OpenClProvider().open(BackendConfig.parse("tile=32")))
        .isInstanceOf(InputException.class).hasMessage("unknown opencl option 'tile': allowed path, platform, device");
    assertThatThrownBy(() -> OpenClOptions.parse(BackendConfig.parse("path=cuda")))
        .isInstanceOf(InputException.class).hasMessageContaining("allowed values are portable, nvidia-mma, gfx11-wmma");
    assertThatThrownBy(() -> OpenClOptions.parse(BackendConfig.parse("device=-3")))
        .isInstanceOf(InputException.class).hasMessageContaining("device=-3");
  }

  @Test
  void optionsParse() {
    OpenClOptions o = OpenClOptions.parse(BackendConfig.parse("path=gfx11-wmma,platform=1,device=2"));
    assertThat(o).isEqualTo(new OpenClOptions(MatrixPath.GFX11_WMMA, 1, 2));
    assertThat(OpenClOptions.parse(BackendConfig.DEFAULT)).isEqualTo(OpenClOptions.DEFAULT);
  }
}
