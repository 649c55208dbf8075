package io.moebench.opencl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.moebench.core.InputException;
import io.moebench.core.spi.BackendConfig;
import io.moebench.core.spi.BackendProvider;
import io.moebench.core.verify.PlantedBug;
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
        .isInstanceOf(InputException.class)
        .hasMessage("unknown opencl option 'tile': allowed path, platform, device, flush-mb, order, plant-bug");
    assertThatThrownBy(() -> OpenClOptions.parse(BackendConfig.parse("order=rows")))
        .isInstanceOf(InputException.class).hasMessage("opencl option order=rows: allowed values are auto, blocks, tiles");
    assertThatThrownBy(() -> OpenClOptions.parse(BackendConfig.parse("path=cuda")))
        .isInstanceOf(InputException.class).hasMessageContaining("allowed values are portable, nvidia-mma, gfx11-wmma");
    assertThatThrownBy(() -> OpenClOptions.parse(BackendConfig.parse("device=-3")))
        .isInstanceOf(InputException.class).hasMessageContaining("device=-3");
    assertThatThrownBy(() -> OpenClOptions.parse(BackendConfig.parse("flush-mb=0")))
        .isInstanceOf(InputException.class).hasMessage("opencl option flush-mb=0 must be a size in MiB >= 1");
    assertThatThrownBy(() -> OpenClOptions.parse(BackendConfig.parse("plant-bug=nibbles")))
        .isInstanceOf(InputException.class)
        .hasMessageStartingWith("unknown plant-bug 'nibbles': allowed values are swapped-nibbles,");
  }

  @Test
  void optionsParse() {
    OpenClOptions o = OpenClOptions.parse(BackendConfig.parse("path=gfx11-wmma,platform=1,device=2"));
    assertThat(o).isEqualTo(new OpenClOptions(MatrixPath.GFX11_WMMA, 1, 2));
    assertThat(OpenClOptions.parse(BackendConfig.DEFAULT)).isEqualTo(OpenClOptions.DEFAULT);
    assertThat(OpenClOptions.parse(BackendConfig.parse("plant-bug=row-unwritten,flush-mb=512,order=tiles")))
        .isEqualTo(new OpenClOptions(null, -1, -1, PlantedBug.ROW_UNWRITTEN, 512L << 20, WorkGroupOrder.TILES));
    assertThat(OpenClOptions.parse(BackendConfig.parse("order=blocks")).order()).isEqualTo(WorkGroupOrder.BLOCKS);
    assertThat(OpenClOptions.DEFAULT.order()).isEqualTo(WorkGroupOrder.AUTO);
  }
}
