#!/usr/bin/env python3
"""Fills unfinished entries of translations/*.ts after `cmake --build build --target update_translations`:
i2v_en.ts gets the source text itself, i2v_zh_CN.ts the Simplified Chinese below. Entries it has no text for
are listed and left unfinished (tests/ui/test_studio_units then fails, as it should)."""
import html
import re
import sys
from pathlib import Path

ZH = {
    "&Unload model (free GPU memory)": "卸载模型（释放显存）(&U)",
    "The model is unloaded as soon as no clip is being made.": "当前没有视频在生成时，模型会立即卸载。",
    "The loaded model stays in memory between clips; this frees it now.": "已加载的模型会在两次生成之间保留在内存中；此操作立即释放它。",
    " min": " 分钟",
    "Never": "从不",
    "The model stays loaded between clips so the next one starts at once. It is unloaded after this long "
    "without a clip (or with Settings → Unload model).":
        "模型在两次生成之间保持加载，下一个视频可以立即开始。超过这段时间没有生成时会自动卸载（也可用“设置 → 卸载模型”）。",
    "Low-VRAM mode: keep the text and image encoders in system RAM": "低显存模式：文本和图像编码器保留在系统内存中",
    "For graphics cards with little memory: the encoders are moved to the GPU only while they run. Slightly "
    "slower; the clips are the same. Applies to the next model load.":
        "适用于显存较小的显卡：编码器仅在运行时移到 GPU。速度略慢，生成的视频完全相同。下次加载模型时生效。",
    "GPU memory": "显存",
    "Unload the model when idle for:": "空闲多久后卸载模型：",
    "This app: reserved": "本程序：已预留",
    "This app: allocated": "本程序：已分配",
    "This app: %1 GiB allocated, %2 GiB reserved; job peak %3 GiB": "本程序：已分配 %1 GiB，已预留 %2 GiB；本次任务峰值 %3 GiB",
    # Issue 17: shortcuts in tooltips and menus, accessible names, themes.
    "%1 (%2)": "%1（%2）",
    "Make the clip": "生成视频",
    "Stop the current clip": "停止当前视频",
    "Choose one or more images": "选择一张或多张图片",
    "Use the image on the clipboard": "使用剪贴板中的图片",
    "Export the clip as MP4, WebM, GIF or PNG frames": "将视频导出为 MP4、WebM、GIF 或 PNG 帧序列",
    "&Clip": "视频(&C)",
    "&Generate": "生成(&G)",
    "&Cancel": "取消(&A)",
    "Clear text": "清除文本",
    "Follow the system": "跟随系统",
    "Dark": "深色",
    "Light": "浅色",
    "The colours of I2V Studio. Following the system uses dark colours when your desktop does.":
        "I2V Studio 的配色。选择跟随系统时，桌面使用深色配色时本程序也使用深色。",
    "Appearance": "外观",
    "Colours:": "配色：",
    # Models dialog (Get models…) and download errors
    "The download failed: the server could not be reached or stopped answering. Check the network (and the "
    "mirror or proxy settings), then resume: nothing downloaded so far is lost.":
        "下载失败：无法连接服务器或服务器停止响应。请检查网络（以及镜像或代理设置），然后继续下载：已下载的部分不会丢失。",
    "The server refused access. This model is gated or private: accept its terms on its Hub page and set "
    "HF_TOKEN to an access token, then try again.":
        "服务器拒绝访问。此模型需要授权或为私有模型：请在其 Hub 页面接受使用条款，并将 HF_TOKEN 设为访问令牌，然后重试。",
    "Get models…": "获取模型…",
    "Download": "下载",
    "Pause": "暂停",
    "Resume": "继续",
    "Cancel download": "取消下载",
    "Remove": "删除",
    "Get models": "获取模型",
    "Model": "模型",
    "Status": "状态",
    "%1 %2×%3×%4: %5": "%1 %2×%3×%4：%5",
    "(estimated)": "（估计值）",
    "At least the smallest setting fits this GPU (%1).": "至少最小的设置可以在此显卡（%1）上运行。",
    "Does not fit this GPU (%1) without offloading.": "不使用卸载（offload）时无法在此显卡（%1）上运行。",
    "Variant:": "版本：",
    "Close": "关闭",
    "Models are kept in the Hugging Face cache %1, shared with other tools.":
        "模型保存在 Hugging Face 缓存 %1 中，与其他工具共用。",
    "default": "默认",
    "%1\nneeds %2 free": "%1\n需要 %2 可用空间",
    "Downloading %1 %": "正在下载 %1 %",
    "Pausing…": "正在暂停…",
    "Paused at %1 %": "已暂停于 %1 %",
    "Cancelling…": "正在取消…",
    "Cancelled": "已取消",
    "Failed: %1": "失败：%1",
    "Installed (verified)": "已安装（已校验）",
    "Installed": "已安装",
    "Partly downloaded": "部分已下载",
    "Not installed": "未安装",
    "File %1 of %2: %3": "第 %1 个文件，共 %2 个：%3",
    "%1 of %2": "%1 / %2",
    "%1/s, %2 left": "%1/秒，剩余 %2",
    "Remove model": "删除模型",
    "Delete %1 from the Hugging Face cache? Other programs that use this copy will have to download it again.":
        "要从 Hugging Face 缓存中删除 %1 吗？使用这份副本的其他程序将需要重新下载。",
    # Best of N (issue 16).
    "Variations: ": "变体数：",
    "Variations": "变体",
    "Scoring model:": "评分模型：",
    "a CLIP model in the Hugging Face cache": "Hugging Face 缓存中的 CLIP 模型",
    "The CLIP model that scores variations: a folder or ORG/NAME, for example openai/clip-vit-large-patch14":
        "为变体打分的 CLIP 模型：文件夹或 ORG/NAME，例如 openai/clip-vit-large-patch14",
    "Make this many variations, score them with a CLIP model against the prompt and the image, keep them all and "
    "pick the best (1 = one clip)":
        "生成这么多个变体，用 CLIP 模型按提示词和图像为它们打分，全部保留并选出最佳（1 = 只生成一个视频）",
    # Wan's flow shift parameter (its strings reached the .ts files with this update).
    "Flow shift": "流偏移",
    "Shifts the sampler's time steps. 0 uses the model's own setting; higher values suit higher resolutions.":
        "偏移采样器的时间步。0 表示使用模型自身的设置；分辨率越高，适合的值越大。",
    # Best of N in the window: the ranked grid, promotion, history and cost (issue 16).
    "Variation %1 (seed %2): the pick, used by the preview and export": "变体 %1（种子 %2）：当前选定，预览和导出使用它",
    "Variation %1 (seed %2): click to make this the pick": "变体 %1（种子 %2）：点击将其设为选定",
    "Rank %1, score %2 = prompt %3, image %4, motion %5 (weighted)": "排名 %1，得分 %2 = 提示词 %3、图像 %4、运动 %5（加权）",
    "#%1 · %2": "#%1 · %2",
    "Variation %1, rank %2%3": "变体 %1，排名 %2%3",
    ", the pick": "，当前选定",
    "Pick": "选定",
    "Make this the pick": "设为选定",
    "Click a variation to keep it instead.": "点击其他变体可改为保留它。",
    "%1 s": "%1 秒",
    "%1 min %2 s": "%1 分 %2 秒",
    "Best of %1: %2 for the kept clip; a single clip ≈ %3.": "%1 选 1：保留的视频耗时 %2；单个视频约 %3。",
    "Best of %1: %2, %3 for the kept clip; a single clip ≈ %4, %5.":
        "%1 选 1：保留的视频耗时 %2，花费 %3；单个视频约 %4，%5。",
    "#%1 (variation %2) is now the pick": "#%1（变体 %2）现为选定",
    "#%1/%2 %3": "#%1/%2 %3",
    "✔ pick": "✔ 选定",
    "Best of %1: variation %2, rank %3, score %4 (prompt %5, image %6, motion %7)":
        "%1 选 1：变体 %2，排名 %3，得分 %4（提示词 %5、图像 %6、运动 %7）",
    "Not kept: another variation of this job is the pick.": "未保留：本任务的另一个变体为选定。",
    "The pick, chosen by hand.": "选定（手动选择）。",
    "The pick: the best score.": "选定：得分最高。",
    # Issue 13: the memory mode a job will run in, under the fit estimate.
    "Runs on the CPU with the whole model in system memory (slow).": "在 CPU 上运行，整个模型位于系统内存中（较慢）。",
    "Runs with the whole model on the GPU.": "整个模型位于 GPU 上运行。",
    "Runs in low-VRAM mode: text and image encoders in system memory, on the GPU only while they run.":
        "以低显存模式运行：文本和图像编码器位于系统内存中，仅在运行时移到 GPU。",
    "Runs in low-VRAM mode: encoders in system memory, transformer blocks streamed from system memory (slower).":
        "以低显存模式运行：编码器位于系统内存中，Transformer 模块逐块从系统内存传输到 GPU（更慢）。",
    "Low-VRAM mode (Preferences) would make it fit: %1 GB, slower.": "开启低显存模式（首选项）即可容纳：%1 GB，速度较慢。",
}

MESSAGE = re.compile(r"(<message[^>]*>)(.*?)(</message>)", re.S)


def fill(path: Path, table):
    text = path.read_text(encoding="utf-8")
    missing = []

    def one(m):
        body = m.group(2)
        if 'type="unfinished"' not in body:
            return m.group(0)
        source = html.unescape(re.search(r"<source>(.*?)</source>", body, re.S).group(1))
        target = source if table is None else table.get(source)
        if target is None:
            missing.append(source)
            return m.group(0)
        body = re.sub(r'<translation type="unfinished">.*?</translation>',
                      lambda _: "<translation>" + html.escape(target, quote=False) + "</translation>", body,
                      flags=re.S)
        return m.group(1) + body + m.group(3)

    path.write_text(MESSAGE.sub(one, text), encoding="utf-8")
    return missing


def main():
    root = Path(__file__).resolve().parents[2] / "translations"
    missing = fill(root / "i2v_en.ts", None) + fill(root / "i2v_zh_CN.ts", ZH)
    for m in missing:
        print("no translation for:", m, file=sys.stderr)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
