#!/usr/bin/python3
"""Plot an `etsim map` HDF5 file: motor, inverter and drive efficiency over torque and speed.

Usage: /usr/bin/python3 tools/plot_map.py MAP.h5 [OUT.png]
Datasets (docs/models/electric-drive.md): /speed [rad/s], /torque [N*m], and row-major grids
/motor/efficiency, /inverter/efficiency, /drive/efficiency (value[i * n_torque + j] at speed[i],
torque[j]; NaN beyond the torque-speed envelope, left blank in the plot).
"""
import sys

import matplotlib

matplotlib.use("Agg")
import h5py  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402


def main(argv):
    if len(argv) < 2:
        sys.exit("usage: plot_map.py MAP.h5 [OUT.png]")
    h5_path = argv[1]
    png_path = argv[2] if len(argv) > 2 else h5_path.rsplit(".", 1)[0] + ".png"
    with h5py.File(h5_path, "r") as f:
        speed_rpm = f["speed"][()] * 30.0 / np.pi
        torque = f["torque"][()]
        shape = (speed_rpm.size, torque.size)
        grids = [(name, f[name + "/efficiency"][()].reshape(shape)) for name in ("motor", "inverter", "drive")]
        title = "{}  (V_dc = {:.0f} V)".format(f.attrs.get("scenario", ""), f.attrs.get("dc_voltage", np.nan))
    levels = [0.5, 0.7, 0.8, 0.85, 0.9, 0.92, 0.94, 0.95, 0.96, 0.97, 0.98, 0.99, 0.995]
    fig, axes = plt.subplots(1, 3, figsize=(16, 5), sharey=True)
    for axis, (name, grid) in zip(axes, grids):
        masked = np.ma.masked_invalid(grid.T)
        mesh = axis.pcolormesh(speed_rpm, torque, masked, shading="auto", vmin=0.7, vmax=1.0, cmap="viridis")
        if np.isfinite(grid).sum() > 4:
            contours = axis.contour(speed_rpm, torque, masked, levels=levels, colors="k", linewidths=0.5)
            axis.clabel(contours, fontsize=6, fmt="%.3g")
        axis.set_title(name + " efficiency")
        axis.set_xlabel("speed [rpm]")
        fig.colorbar(mesh, ax=axis)
    axes[0].set_ylabel("torque [N m]")
    fig.suptitle(title)
    fig.tight_layout()
    fig.savefig(png_path, dpi=110)


if __name__ == "__main__":
    main(sys.argv)
