<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>i2v::ui::ErrorBanner</name>
    <message>
        <source>Details</source>
        <translation>详细信息</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>i2v::ui::ErrorTexts</name>
    <message>
        <source>Everything worked.</source>
        <translation>一切正常。</translation>
    </message>
    <message>
        <source>A setting is outside the range this engine accepts. Check the highlighted parameters or press Reset to defaults.</source>
        <translation>有一项设置超出了此引擎允许的范围。请检查参数，或点击“恢复默认值”。</translation>
    </message>
    <message>
        <source>The file could not be found. It may have been moved or deleted; choose it again.</source>
        <translation>找不到该文件，它可能已被移动或删除。请重新选择。</translation>
    </message>
    <message>
        <source>The file exists but could not be read. Check that you have permission to open it, or copy it to a local folder.</source>
        <translation>文件存在但无法读取。请确认你有权限打开它，或将它复制到本地文件夹。</translation>
    </message>
    <message>
        <source>This file is not a readable image (it may be damaged or only partly downloaded). Open it in an image viewer, save it again as PNG or JPEG, and drop it here.</source>
        <translation>这个文件不是可读取的图片（可能已损坏或未下载完整）。请用看图软件打开，另存为 PNG 或 JPEG 后再拖到这里。</translation>
    </message>
    <message>
        <source>This image is too large to process. Scale it down (for example to 4000 pixels on the long side) and try again.</source>
        <translation>图片太大，无法处理。请先缩小（例如长边 4000 像素）后再试。</translation>
    </message>
    <message>
        <source>This image is too small to make a clip from. Use a larger picture (at least 256 pixels on each side works best).</source>
        <translation>图片太小，无法生成视频。请使用更大的图片（每边至少 256 像素效果最好）。</translation>
    </message>
    <message>
        <source>This file type is not supported. Use a PNG, JPEG, WebP, BMP or TIFF image.</source>
        <translation>不支持此文件类型。请使用 PNG、JPEG、WebP、BMP 或 TIFF 图片。</translation>
    </message>
    <message>
        <source>No model was found for this request. Choose another engine, or add the model&apos;s folder with &quot;Add model folder…&quot;.</source>
        <translation>没有找到可用的模型。请选择其他引擎，或通过“添加模型文件夹…”添加模型所在的文件夹。</translation>
    </message>
    <message>
        <source>The model folder is incomplete or inconsistent. Download the model again or choose another folder.</source>
        <translation>模型文件夹不完整或内容不一致。请重新下载模型，或选择其他文件夹。</translation>
    </message>
    <message>
        <source>A model weights file is damaged. Download the model again.</source>
        <translation>模型权重文件已损坏。请重新下载模型。</translation>
    </message>
    <message>
        <source>This model uses an unsafe file format (pickle). Use the .safetensors version of the model.</source>
        <translation>此模型使用了不安全的文件格式（pickle）。请使用该模型的 .safetensors 版本。</translation>
    </message>
    <message>
        <source>A file with this name already exists and was not overwritten. Choose another name.</source>
        <translation>同名文件已存在，未被覆盖。请换一个文件名。</translation>
    </message>
    <message>
        <source>The clip could not be saved in this folder. Choose a folder you can write to (Settings → outputs folder, or Save As…).</source>
        <translation>无法将视频保存到此文件夹。请选择一个有写入权限的文件夹（文件 → 选择输出文件夹，或“另存为…”）。</translation>
    </message>
    <message>
        <source>The disk is full. Free some space or choose another drive, then save again.</source>
        <translation>磁盘已满。请清理空间或选择其他磁盘，然后重新保存。</translation>
    </message>
    <message>
        <source>Generation was cancelled. Nothing was saved; press Generate to start again.</source>
        <translation>已取消生成，没有保存任何文件。点击“生成”可重新开始。</translation>
    </message>
    <message>
        <source>Not enough memory for these settings. Lower the resolution, the number of frames or the steps, and try again.</source>
        <translation>内存不足，无法使用这些设置。请降低分辨率、帧数或步数后再试。</translation>
    </message>
    <message>
        <source>The video could not be encoded. Try another format (for example GIF or PNG frames).</source>
        <translation>无法编码视频。请尝试其他格式（例如 GIF 或 PNG 帧序列）。</translation>
    </message>
    <message>
        <source>The graphics card is not available. Check the NVIDIA driver, or choose the CPU.</source>
        <translation>显卡不可用。请检查 NVIDIA 驱动，或改用 CPU。</translation>
    </message>
    <message>
        <source>Something unexpected went wrong. Your image and settings are kept; try again, and if it happens again send the details to support.</source>
        <translation>发生了意外错误。你的图片和设置都已保留；请重试，如果再次出现，请把详细信息发送给技术支持。</translation>
    </message>
    <message>
        <source>The download failed: the server could not be reached or stopped answering. Check the network (and the mirror or proxy settings), then resume: nothing downloaded so far is lost.</source>
        <translation>下载失败：无法连接服务器或服务器停止响应。请检查网络（以及镜像或代理设置），然后继续下载：已下载的部分不会丢失。</translation>
    </message>
    <message>
        <source>The server refused access. This model is gated or private: accept its terms on its Hub page and set HF_TOKEN to an access token, then try again.</source>
        <translation>服务器拒绝访问。此模型需要授权或为私有模型：请在其 Hub 页面接受使用条款，并将 HF_TOKEN 设为访问令牌，然后重试。</translation>
    </message>
</context>
<context>
    <name>i2v::ui::ExportPanel</name>
    <message>
        <source>Save As…</source>
        <translation>另存为…</translation>
    </message>
    <message>
        <source>Show in folder</source>
        <translation>在文件夹中显示</translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation>正在导出…</translation>
    </message>
    <message>
        <source>Exported to %1</source>
        <translation>已导出到 %1</translation>
    </message>
    <message>
        <source>Saved automatically: %1</source>
        <translation>已自动保存：%1</translation>
    </message>
    <message>
        <source>Finished clips are saved automatically.</source>
        <translation>生成完成的视频会自动保存。</translation>
    </message>
    <message>
        <source>MP4 video (*.mp4)</source>
        <translation>MP4 视频 (*.mp4)</translation>
    </message>
    <message>
        <source>WebM video (*.webm)</source>
        <translation>WebM 视频 (*.webm)</translation>
    </message>
    <message>
        <source>Animated GIF (*.gif)</source>
        <translation>GIF 动图 (*.gif)</translation>
    </message>
    <message>
        <source>PNG frames (a new folder)</source>
        <translation>PNG 帧序列（新建文件夹）</translation>
    </message>
    <message>
        <source>Save clip as</source>
        <translation>视频另存为</translation>
    </message>
    <message>
        <source>Export the clip as MP4, WebM, GIF or PNG frames</source>
        <translation>将视频导出为 MP4、WebM、GIF 或 PNG 帧序列</translation>
    </message>
</context>
<context>
    <name>i2v::ui::FitPanel</name>
    <message>
        <source>Draft</source>
        <translation>草稿</translation>
    </message>
    <message>
        <source>Standard</source>
        <translation>标准</translation>
    </message>
    <message>
        <source>Best</source>
        <translation>最佳</translation>
    </message>
    <message>
        <source>Retry at a smaller size when the GPU runs out of memory</source>
        <translation>显卡内存不足时，以更小的尺寸重试</translation>
    </message>
    <message>
        <source>If a clip fails because the graphics card&apos;s memory is full, it is made once more at the next smaller size and frame count, and the history says so.</source>
        <translation>如果因显卡内存已满而生成失败，会以下一档更小的尺寸和帧数再生成一次，并在历史记录中注明。</translation>
    </message>
    <message>
        <source>this computer (CPU)</source>
        <translation>本机（CPU）</translation>
    </message>
    <message>
        <source>about %1</source>
        <translation>约 %1</translation>
    </message>
    <message>
        <source>No memory estimate for this model (its configuration could not be read).</source>
        <translation>无法估算此模型所需的内存（读取不到它的配置）。</translation>
    </message>
    <message>
        <source>Runs on the CPU, %1</source>
        <translation>在 CPU 上运行，%1</translation>
    </message>
    <message>
        <source>Runs on the CPU; the time is shown after the first clip.</source>
        <translation>在 CPU 上运行；生成第一个片段后会显示所需时间。</translation>
    </message>
    <message>
        <source>fits: %1 of %2 GB</source>
        <translation>可以运行：需要 %1 GB，共 %2 GB</translation>
    </message>
    <message>
        <source>does not fit: needs %1 GB, %2 has %3 GB</source>
        <translation>内存不足：需要 %1 GB，%2 只有 %3 GB</translation>
    </message>
    <message>
        <source>Estimated peak memory for %1 on %2</source>
        <translation>%1 在 %2 上的预计峰值内存</translation>
    </message>
    <message>
        <source>Nearest that fits: &lt;a href=&quot;use&quot;&gt;Use %1&lt;/a&gt;</source>
        <translation>最接近的可运行设置：&lt;a href=&quot;use&quot;&gt;使用 %1&lt;/a&gt;</translation>
    </message>
    <message>
        <source>Nothing fits on this device; pick a smaller model or run on the CPU.</source>
        <translation>此设备放不下任何设置；请选择更小的模型，或在 CPU 上运行。</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 分钟</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 小时 %2 分钟</translation>
    </message>
    <message>
        <source>Nothing fits on this device.</source>
        <translation>此设备放不下任何设置。</translation>
    </message>
    <message>
        <source>%1, %2 steps, about %3 GB</source>
        <translation>%1，%2 步，约 %3 GB</translation>
    </message>
    <message>
        <source>Runs on the CPU with the whole model in system memory (slow).</source>
        <translation>在 CPU 上运行，整个模型位于系统内存中（较慢）。</translation>
    </message>
    <message>
        <source>Runs with the whole model on the GPU.</source>
        <translation>整个模型位于 GPU 上运行。</translation>
    </message>
    <message>
        <source>Runs in low-VRAM mode: text and image encoders in system memory, on the GPU only while they run.</source>
        <translation>以低显存模式运行：文本和图像编码器位于系统内存中，仅在运行时移到 GPU。</translation>
    </message>
    <message>
        <source>Runs in low-VRAM mode: encoders in system memory, transformer blocks streamed from system memory (slower).</source>
        <translation>以低显存模式运行：编码器位于系统内存中，Transformer 模块逐块从系统内存传输到 GPU（更慢）。</translation>
    </message>
    <message>
        <source>Low-VRAM mode (Preferences) would make it fit: %1 GB, slower.</source>
        <translation>开启低显存模式（首选项）即可容纳：%1 GB，速度较慢。</translation>
    </message>
</context>
<context>
    <name>i2v::ui::HistoryPanel</name>
    <message>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation>%1 分 %2 秒</translation>
    </message>
    <message>
        <source>Reuse settings</source>
        <translation>沿用设置</translation>
    </message>
    <message>
        <source>Re-run exactly</source>
        <translation>原样重新生成</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <source>Show in folder</source>
        <translation>在文件夹中显示</translation>
    </message>
    <message>
        <source>Delete…</source>
        <translation>删除…</translation>
    </message>
    <message>
        <source>Search prompts and tags</source>
        <translation>搜索提示词和标签</translation>
    </message>
    <message>
        <source>Grid</source>
        <translation>网格</translation>
    </message>
    <message>
        <source>Show thumbnails as a grid or as a list</source>
        <translation>以网格或列表显示缩略图</translation>
    </message>
    <message>
        <source>Tags, separated by commas</source>
        <translation>标签，用逗号分隔</translation>
    </message>
    <message>
        <source>Put this clip&apos;s image, prompt and settings into the form</source>
        <translation>把此片段的图片、提示词和设置填入表单</translation>
    </message>
    <message>
        <source>Make this clip again with exactly the same settings and seed</source>
        <translation>用完全相同的设置和种子再生成一次</translation>
    </message>
    <message>
        <source>Remove from the history (the clip file stays unless you choose otherwise)</source>
        <translation>从历史中移除（除非你另行选择，视频文件会保留）</translation>
    </message>
    <message numerus="yes">
        <source>%n star(s)</source>
        <translation>
            <numerusform>%n 星</numerusform>
        </translation>
    </message>
    <message>
        <source>Clips</source>
        <translation>片段</translation>
    </message>
    <message>
        <source>Usage</source>
        <translation>用量</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>Finished clips appear here.</source>
        <translation>完成的片段会显示在这里。</translation>
    </message>
    <message>
        <source>No clip matches the search.</source>
        <translation>没有符合搜索条件的片段。</translation>
    </message>
    <message>
        <source>Engine: %1</source>
        <translation>引擎：%1</translation>
    </message>
    <message>
        <source>Peak memory: %1</source>
        <translation>峰值显存/内存：%1</translation>
    </message>
    <message>
        <source>Cost: %1</source>
        <translation>成本：%1</translation>
    </message>
    <message numerus="yes">
        <source>Weights: %n file(s), SHA-256 recorded</source>
        <translation>
            <numerusform>权重：%n 个文件，已记录 SHA-256</numerusform>
        </translation>
    </message>
    <message>
        <source>The clip file is no longer there.</source>
        <translation>视频文件已不在原处。</translation>
    </message>
    <message>
        <source>Remove from history</source>
        <translation>从历史中移除</translation>
    </message>
    <message>
        <source>Remove this clip from the history?</source>
        <translation>要从历史中移除此片段吗？</translation>
    </message>
    <message>
        <source>Also delete the clip file from the disk</source>
        <translation>同时从磁盘删除视频文件</translation>
    </message>
    <message>
        <source>#%1/%2 %3</source>
        <translation>#%1/%2 %3</translation>
    </message>
    <message>
        <source>✔ pick</source>
        <translation>✔ 选定</translation>
    </message>
    <message>
        <source>Best of %1: variation %2, rank %3, score %4 (prompt %5, image %6, motion %7)</source>
        <translation>%1 选 1：变体 %2，排名 %3，得分 %4（提示词 %5、图像 %6、运动 %7）</translation>
    </message>
    <message>
        <source>Not kept: another variation of this job is the pick.</source>
        <translation>未保留：本任务的另一个变体为选定。</translation>
    </message>
    <message>
        <source>The pick, chosen by hand.</source>
        <translation>选定（手动选择）。</translation>
    </message>
    <message>
        <source>The pick: the best score.</source>
        <translation>选定：得分最高。</translation>
    </message>
</context>
<context>
    <name>i2v::ui::InputPanel</name>
    <message>
        <source>Drop an image here
or use Open… / Paste</source>
        <translation>把图片拖到这里
或使用“打开…” / “粘贴”</translation>
    </message>
    <message>
        <source>Open…</source>
        <translation>打开…</translation>
    </message>
    <message>
        <source>Paste</source>
        <translation>粘贴</translation>
    </message>
    <message>
        <source>Loading %1…</source>
        <translation>正在加载 %1…</translation>
    </message>
    <message>
        <source>Pasted image</source>
        <translation>粘贴的图片</translation>
    </message>
    <message>
        <source>%1 × %2 pixels</source>
        <translation>%1 × %2 像素</translation>
    </message>
    <message>
        <source>Small image (%1 × %2): the clip may look soft. 512 pixels or more on each side works best.</source>
        <translation>图片较小（%1 × %2）：生成的视频可能不够清晰。每边 512 像素以上效果最好。</translation>
    </message>
    <message>
        <source>Unusual aspect ratio (%1:1): the edges will be cropped to fit the clip size.</source>
        <translation>宽高比不常见（%1:1）：边缘会被裁剪以适应视频尺寸。</translation>
    </message>
    <message>
        <source>Open image</source>
        <translation>打开图片</translation>
    </message>
    <message>
        <source>Images (*.png *.jpg *.jpeg *.webp *.bmp *.tif *.tiff);;Clips and recipes (*.mp4 *.webm *.gif *.json);;All files (*)</source>
        <translation>图片 (*.png *.jpg *.jpeg *.webp *.bmp *.tif *.tiff);;视频和配方 (*.mp4 *.webm *.gif *.json);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Choose one or more images</source>
        <translation>选择一张或多张图片</translation>
    </message>
    <message>
        <source>Use the image on the clipboard</source>
        <translation>使用剪贴板中的图片</translation>
    </message>
</context>
<context>
    <name>i2v::ui::LogViewerDialog</name>
    <message>
        <source>Log</source>
        <translation>日志</translation>
    </message>
    <message>
        <source>No log file could be created for this run.</source>
        <translation>本次运行未能创建日志文件。</translation>
    </message>
    <message>
        <source>Reload</source>
        <translation>重新加载</translation>
    </message>
    <message>
        <source>Open folder</source>
        <translation>打开文件夹</translation>
    </message>
    <message>
        <source>The log file cannot be read: %1</source>
        <translation>无法读取日志文件：%1</translation>
    </message>
</context>
<context>
    <name>i2v::ui::MainWindow</name>
    <message>
        <source>I2V Studio</source>
        <translation>I2V Studio 图生视频工作室</translation>
    </message>
    <message>
        <source>Image</source>
        <translation>图片</translation>
    </message>
    <message>
        <source>Prompt</source>
        <translation>提示词</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>参数</translation>
    </message>
    <message>
        <source>Memory</source>
        <translation>内存</translation>
    </message>
    <message>
        <source>Your templates could not be saved. Check that your home folder is writable and has free space.</source>
        <translation>无法保存你的模板。请检查主文件夹是否可写、是否有剩余空间。</translation>
    </message>
    <message>
        <source>Choose a model folder</source>
        <translation>选择模型文件夹</translation>
    </message>
    <message>
        <source>Exported %1</source>
        <translation>已导出 %1</translation>
    </message>
    <message>
        <source>Your templates file was damaged. It was kept as a backup and the built-in templates were restored.</source>
        <translation>你的模板文件已损坏。原文件已保留为备份，并已恢复内置模板。</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Open image…</source>
        <translation>打开图片(&amp;O)…</translation>
    </message>
    <message>
        <source>&amp;Paste image</source>
        <translation>粘贴图片(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Save clip as…</source>
        <translation>视频另存为(&amp;S)…</translation>
    </message>
    <message>
        <source>Show in &amp;folder</source>
        <translation>在文件夹中显示(&amp;F)</translation>
    </message>
    <message>
        <source>Choose &amp;outputs folder…</source>
        <translation>选择输出文件夹(&amp;O)…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Settings</source>
        <translation>设置(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>System default</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About I2V Studio</source>
        <translation>关于 I2V Studio(&amp;A)</translation>
    </message>
    <message>
        <source>About I2V Studio</source>
        <translation>关于 I2V Studio</translation>
    </message>
    <message>
        <source>&lt;b&gt;I2V Studio %1&lt;/b&gt;&lt;br&gt;Turns a still image and a prompt into a short video clip on your own computer.&lt;br&gt;Licensed under the GNU GPL, version 3 or later.</source>
        <translation>&lt;b&gt;I2V Studio %1&lt;/b&gt;&lt;br&gt;在你自己的电脑上，把一张静态图片和一段提示词变成一段短视频。&lt;br&gt;依据 GNU GPL 第 3 版或更高版本授权。</translation>
    </message>
    <message>
        <source>Add an image first: drop one on the window, or use Open… or Paste.</source>
        <translation>请先添加图片：把图片拖到窗口中，或使用“打开…”或“粘贴”。</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message numerus="yes">
        <source>Queueing %n image(s)…</source>
        <translation>
            <numerusform>正在将 %n 张图片加入队列…</numerusform>
        </translation>
    </message>
    <message>
        <source>Settings restored from the clip&apos;s recipe.</source>
        <translation>已从视频的配方恢复设置。</translation>
    </message>
    <message>
        <source>Settings restored from the clip&apos;s recipe, but its image was not found. Drop the image to make the clip again.</source>
        <translation>已从视频的配方恢复设置，但找不到它使用的图片。请把该图片拖进来即可重新生成。</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>正在启动…</translation>
    </message>
    <message numerus="yes">
        <source>Done in %1 · %n frame(s)</source>
        <translation>
            <numerusform>完成，用时 %1 · 共 %n 帧</numerusform>
        </translation>
    </message>
    <message>
        <source>Cancelled. Nothing was saved.</source>
        <translation>已取消，没有保存任何文件。</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>This clip could not be made. See the message above.</source>
        <translation>无法生成此视频，请查看上方的提示。</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>Choose the outputs folder</source>
        <translation>选择输出文件夹</translation>
    </message>
    <message>
        <source>The new language is used the next time you start I2V Studio.</source>
        <translation>新语言将在下次启动 I2V Studio 时生效。</translation>
    </message>
    <message>
        <source>Queue</source>
        <translation>队列</translation>
    </message>
    <message>
        <source>The queue could not be saved, so it would be lost if I2V Studio closed now. Check that your home folder is writable and has free space.</source>
        <translation>无法保存队列，如果现在关闭 I2V Studio，队列将会丢失。请检查你的主文件夹是否可写且有剩余空间。</translation>
    </message>
    <message>
        <source>I2V Studio did not close normally last time. Your queue was restored and paused: press Resume queue to continue.</source>
        <translation>I2V Studio 上次没有正常关闭。你的队列已恢复并暂停：点击“继续队列”即可继续。</translation>
    </message>
    <message>
        <source>Part of your saved queue was damaged. The readable clips were restored and the damaged file was kept as a backup.</source>
        <translation>保存的队列有部分损坏。可读取的视频任务已恢复，损坏的文件已保留为备份。</translation>
    </message>
    <message>
        <source>A clip is being made</source>
        <translation>正在生成视频</translation>
    </message>
    <message numerus="yes">
        <source>Quit anyway? The clip being made now is not saved; it starts again from the beginning the next time you open I2V Studio. The %n other clip(s) waiting in the queue are kept.</source>
        <translation>
            <numerusform>仍要退出吗？正在生成的视频不会被保存，下次打开 I2V Studio 时会从头重新开始。队列中等待的其他 %n 个视频会被保留。</numerusform>
        </translation>
    </message>
    <message>
        <source>History</source>
        <translation>历史</translation>
    </message>
    <message>
        <source>The history could not be saved. Check that your home folder is writable and has free space.</source>
        <translation>无法保存历史记录。请检查主文件夹是否可写并有剩余空间。</translation>
    </message>
    <message>
        <source>Your history file was damaged. It was kept as a backup and a new history was started.</source>
        <translation>历史文件已损坏。它已保留为备份，并开始了新的历史记录。</translation>
    </message>
    <message>
        <source>&amp;Preferences…</source>
        <translation>首选项(&amp;P)…</translation>
    </message>
    <message>
        <source>Show &amp;log</source>
        <translation>查看日志(&amp;L)</translation>
    </message>
    <message>
        <source>This clip cannot be made again: its image is missing or unreadable. Use &quot;Reuse settings&quot; and drop the image.</source>
        <translation>无法重新生成此片段：它的图片丢失或无法读取。请使用“沿用设置”并拖入图片。</translation>
    </message>
    <message>
        <source>Queued again with the same settings and seed.</source>
        <translation>已按相同设置和种子重新加入队列。</translation>
    </message>
    <message>
        <source>Some team templates could not be read. Check the team templates folder.</source>
        <translation>部分团队模板无法读取。请检查团队模板文件夹。</translation>
    </message>
    <message>
        <source>The graphics card ran out of memory at %1×%2×%3, so this clip was made at %4×%5×%6.</source>
        <translation>显卡内存在 %1×%2×%3 时不足，因此这个片段改用 %4×%5×%6 生成。</translation>
    </message>
    <message>
        <source>&amp;Unload model (free GPU memory)</source>
        <translation>卸载模型（释放显存）(&amp;U)</translation>
    </message>
    <message>
        <source>The model is unloaded as soon as no clip is being made.</source>
        <translation>当前没有视频在生成时，模型会立即卸载。</translation>
    </message>
    <message>
        <source>The loaded model stays in memory between clips; this frees it now.</source>
        <translation>已加载的模型会在两次生成之间保留在内存中；此操作立即释放它。</translation>
    </message>
    <message>
        <source>Clear text</source>
        <translation>清除文本</translation>
    </message>
    <message>
        <source>&amp;Clip</source>
        <translation>视频(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Generate</source>
        <translation>生成(&amp;G)</translation>
    </message>
    <message>
        <source>&amp;Cancel</source>
        <translation>取消(&amp;A)</translation>
    </message>
    <message>
        <source>#%1 (variation %2) is now the pick</source>
        <translation>#%1（变体 %2）现为选定</translation>
    </message>
</context>
<context>
    <name>i2v::ui::ModelSelector</name>
    <message>
        <source>Add model folder…</source>
        <translation>添加模型文件夹…</translation>
    </message>
    <message>
        <source>Get models…</source>
        <translation>获取模型…</translation>
    </message>
</context>
<context>
    <name>i2v::ui::ModelsDialog</name>
    <message>
        <source>Download</source>
        <translation>下载</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <source>Cancel download</source>
        <translation>取消下载</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Get models</source>
        <translation>获取模型</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>GPU memory</source>
        <translation>显存</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>%1 %2×%3×%4: %5</source>
        <translation>%1 %2×%3×%4：%5</translation>
    </message>
    <message>
        <source>(estimated)</source>
        <translation>（估计值）</translation>
    </message>
    <message>
        <source>At least the smallest setting fits this GPU (%1).</source>
        <translation>至少最小的设置可以在此显卡（%1）上运行。</translation>
    </message>
    <message>
        <source>Does not fit this GPU (%1) without offloading.</source>
        <translation>不使用卸载（offload）时无法在此显卡（%1）上运行。</translation>
    </message>
    <message>
        <source>Variant:</source>
        <translation>版本：</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Models are kept in the Hugging Face cache %1, shared with other tools.</source>
        <translation>模型保存在 Hugging Face 缓存 %1 中，与其他工具共用。</translation>
    </message>
    <message>
        <source>default</source>
        <translation>默认</translation>
    </message>
    <message>
        <source>%1
needs %2 free</source>
        <translation>%1
需要 %2 可用空间</translation>
    </message>
    <message>
        <source>Downloading %1 %</source>
        <translation>正在下载 %1 %</translation>
    </message>
    <message>
        <source>Pausing…</source>
        <translation>正在暂停…</translation>
    </message>
    <message>
        <source>Paused at %1 %</source>
        <translation>已暂停于 %1 %</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation>失败：%1</translation>
    </message>
    <message>
        <source>Installed (verified)</source>
        <translation>已安装（已校验）</translation>
    </message>
    <message>
        <source>Installed</source>
        <translation>已安装</translation>
    </message>
    <message>
        <source>Partly downloaded</source>
        <translation>部分已下载</translation>
    </message>
    <message>
        <source>Not installed</source>
        <translation>未安装</translation>
    </message>
    <message>
        <source>File %1 of %2: %3</source>
        <translation>第 %1 个文件，共 %2 个：%3</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <source>%1/s, %2 left</source>
        <translation>%1/秒，剩余 %2</translation>
    </message>
    <message>
        <source>Remove model</source>
        <translation>删除模型</translation>
    </message>
    <message>
        <source>Delete %1 from the Hugging Face cache? Other programs that use this copy will have to download it again.</source>
        <translation>要从 Hugging Face 缓存中删除 %1 吗？使用这份副本的其他程序将需要重新下载。</translation>
    </message>
</context>
<context>
    <name>i2v::ui::ParamTexts</name>
    <message>
        <source>Width</source>
        <translation>宽度</translation>
    </message>
    <message>
        <source>Width of the clip in pixels.</source>
        <translation>视频宽度（像素）。</translation>
    </message>
    <message>
        <source>Height</source>
        <translation>高度</translation>
    </message>
    <message>
        <source>Height of the clip in pixels.</source>
        <translation>视频高度（像素）。</translation>
    </message>
    <message>
        <source>Frames</source>
        <translation>帧数</translation>
    </message>
    <message>
        <source>Number of frames in the clip. More frames make a longer clip and take longer.</source>
        <translation>视频的帧数。帧数越多，视频越长，生成也越慢。</translation>
    </message>
    <message>
        <source>Frame rate</source>
        <translation>帧率</translation>
    </message>
    <message>
        <source>Frames per second when the clip plays.</source>
        <translation>播放时每秒的帧数。</translation>
    </message>
    <message>
        <source>Steps</source>
        <translation>步数</translation>
    </message>
    <message>
        <source>Denoising steps. More steps give more detail and take longer.</source>
        <translation>去噪步数。步数越多细节越丰富，耗时也越长。</translation>
    </message>
    <message>
        <source>Guidance</source>
        <translation>引导强度</translation>
    </message>
    <message>
        <source>How closely the clip follows the prompt. Higher values follow it more literally.</source>
        <translation>视频遵循提示词的程度。数值越高，越严格按照提示词生成。</translation>
    </message>
    <message>
        <source>Motion strength</source>
        <translation>运动强度</translation>
    </message>
    <message>
        <source>How much movement the clip has.</source>
        <translation>视频中运动的幅度。</translation>
    </message>
    <message>
        <source>Camera move</source>
        <translation>运镜方式</translation>
    </message>
    <message>
        <source>The camera movement. Automatic reads it from the prompt.</source>
        <translation>镜头的运动方式。“自动”会根据提示词判断。</translation>
    </message>
    <message>
        <source>Easing</source>
        <translation>缓动</translation>
    </message>
    <message>
        <source>How the movement speeds up and slows down.</source>
        <translation>运动加速和减速的方式。</translation>
    </message>
    <message>
        <source>Decode chunk</source>
        <translation>解码批大小</translation>
    </message>
    <message>
        <source>Frames decoded at once. Lower values use less memory.</source>
        <translation>每次解码的帧数。数值越小，占用内存越少。</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <source>The same seed and settings give the same clip.</source>
        <translation>相同的种子和设置会生成相同的视频。</translation>
    </message>
    <message>
        <source>Automatic (from the prompt)</source>
        <translation>自动（根据提示词）</translation>
    </message>
    <message>
        <source>Still</source>
        <translation>静止</translation>
    </message>
    <message>
        <source>Zoom in</source>
        <translation>推近</translation>
    </message>
    <message>
        <source>Zoom out</source>
        <translation>拉远</translation>
    </message>
    <message>
        <source>Pan left</source>
        <translation>向左平移</translation>
    </message>
    <message>
        <source>Pan right</source>
        <translation>向右平移</translation>
    </message>
    <message>
        <source>Pan up</source>
        <translation>向上平移</translation>
    </message>
    <message>
        <source>Pan down</source>
        <translation>向下平移</translation>
    </message>
    <message>
        <source>Tilt up</source>
        <translation>向上摇</translation>
    </message>
    <message>
        <source>Tilt down</source>
        <translation>向下摇</translation>
    </message>
    <message>
        <source>Tilt</source>
        <translation>摇镜</translation>
    </message>
    <message>
        <source>Orbit</source>
        <translation>环绕</translation>
    </message>
    <message>
        <source>Orbit left</source>
        <translation>向左环绕</translation>
    </message>
    <message>
        <source>Orbit right</source>
        <translation>向右环绕</translation>
    </message>
    <message>
        <source>Rotate</source>
        <translation>旋转</translation>
    </message>
    <message>
        <source>Rotate clockwise</source>
        <translation>顺时针旋转</translation>
    </message>
    <message>
        <source>Rotate counter-clockwise</source>
        <translation>逆时针旋转</translation>
    </message>
    <message>
        <source>Dolly in</source>
        <translation>推轨前进</translation>
    </message>
    <message>
        <source>Dolly out</source>
        <translation>推轨后退</translation>
    </message>
    <message>
        <source>Dolly</source>
        <translation>推轨</translation>
    </message>
    <message>
        <source>Handheld drift</source>
        <translation>手持晃动</translation>
    </message>
    <message>
        <source>Linear</source>
        <translation>匀速</translation>
    </message>
    <message>
        <source>Ease in</source>
        <translation>渐快</translation>
    </message>
    <message>
        <source>Ease out</source>
        <translation>渐慢</translation>
    </message>
    <message>
        <source>Ease in and out</source>
        <translation>先快后慢</translation>
    </message>
    <message>
        <source>Camera motion (built-in)</source>
        <translation>镜头运动（内置）</translation>
    </message>
    <message>
        <source>I2VGen-XL</source>
        <translation>I2VGen-XL</translation>
    </message>
    <message>
        <source>Flow shift</source>
        <translation>流偏移</translation>
    </message>
    <message>
        <source>Shifts the sampler&apos;s time steps. 0 uses the model&apos;s own setting; higher values suit higher resolutions.</source>
        <translation>偏移采样器的时间步。0 表示使用模型自身的设置；分辨率越高，适合的值越大。</translation>
    </message>
</context>
<context>
    <name>i2v::ui::ParametersPanel</name>
    <message>
        <source>Engine</source>
        <translation>引擎</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>Where the engine runs. Automatic uses the graphics card when there is one.</source>
        <translation>引擎运行的位置。“自动”在有显卡时使用显卡。</translation>
    </message>
    <message>
        <source>Precision</source>
        <translation>精度</translation>
    </message>
    <message>
        <source>Number precision of the model. Automatic: half precision on a graphics card, full precision on the processor. Lower precision needs less memory.</source>
        <translation>模型的数值精度。自动：显卡上使用半精度，处理器上使用全精度。精度越低，所需内存越少。</translation>
    </message>
    <message>
        <source>Automatic</source>
        <translation>自动</translation>
    </message>
    <message>
        <source>Processor (CPU)</source>
        <translation>处理器 (CPU)</translation>
    </message>
    <message>
        <source>Graphics card (CUDA)</source>
        <translation>显卡 (CUDA)</translation>
    </message>
    <message>
        <source>Graphics card %1 (CUDA)</source>
        <translation>显卡 %1 (CUDA)</translation>
    </message>
    <message>
        <source>The same seed and settings give the same clip.</source>
        <translation>相同的种子和设置会生成相同的视频。</translation>
    </message>
    <message>
        <source>Keep this seed for every run (otherwise a new seed is drawn each time)</source>
        <translation>每次生成都使用这个种子（否则每次随机抽取新种子）</translation>
    </message>
    <message>
        <source>Draw a new random seed</source>
        <translation>随机抽取新种子</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <source>Reset to defaults</source>
        <translation>恢复默认值</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>尺寸</translation>
    </message>
    <message>
        <source>Square</source>
        <translation>方形</translation>
    </message>
    <message>
        <source>Landscape 16:9</source>
        <translation>横屏 16:9</translation>
    </message>
    <message>
        <source>Portrait 9:16</source>
        <translation>竖屏 9:16</translation>
    </message>
    <message>
        <source>Classic 4:3</source>
        <translation>经典 4:3</translation>
    </message>
    <message>
        <source>Match image  %1 × %2</source>
        <translation>匹配图片  %1 × %2</translation>
    </message>
    <message>
        <source>Custom</source>
        <translation>自定义</translation>
    </message>
</context>
<context>
    <name>i2v::ui::PreferencesDialog</name>
    <message>
        <source> W</source>
        <translation> 瓦</translation>
    </message>
    <message>
        <source>Preferences</source>
        <translation>首选项</translation>
    </message>
    <message>
        <source>Do not show costs</source>
        <translation>不显示成本</translation>
    </message>
    <message>
        <source>Price per GPU-hour</source>
        <translation>按 GPU 小时计价</translation>
    </message>
    <message>
        <source>Power draw × electricity price</source>
        <translation>功耗 × 电价</translation>
    </message>
    <message>
        <source>A currency code such as CNY, USD or EUR, or any short text</source>
        <translation>货币代码，如 CNY、USD 或 EUR，或任意简短文字</translation>
    </message>
    <message>
        <source>The history shows the time of each clip only.</source>
        <translation>历史中只显示每个片段的用时。</translation>
    </message>
    <message>
        <source>Price per GPU-hour:</source>
        <translation>每 GPU 小时价格：</translation>
    </message>
    <message>
        <source>Power draw while generating:</source>
        <translation>生成时的功耗：</translation>
    </message>
    <message>
        <source>Electricity price per kWh:</source>
        <translation>每千瓦时电价：</translation>
    </message>
    <message>
        <source>Cost per clip</source>
        <translation>每个片段的成本</translation>
    </message>
    <message>
        <source>Machine cost:</source>
        <translation>机器成本：</translation>
    </message>
    <message>
        <source>Currency:</source>
        <translation>货币：</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <source>None</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Team templates</source>
        <translation>团队模板</translation>
    </message>
    <message>
        <source>A shared folder (for example on a network drive) with template files. Its templates are listed as team templates and cannot be changed here.</source>
        <translation>存放模板文件的共享文件夹（例如网络驱动器）。其中的模板会显示为团队模板，在此不能修改。</translation>
    </message>
    <message>
        <source>Choose the team templates folder</source>
        <translation>选择团队模板文件夹</translation>
    </message>
    <message>
        <source>A 1-minute clip costs %1.</source>
        <translation>1 分钟的片段成本为 %1。</translation>
    </message>
    <message>
        <source> min</source>
        <translation> 分钟</translation>
    </message>
    <message>
        <source>Never</source>
        <translation>从不</translation>
    </message>
    <message>
        <source>The model stays loaded between clips so the next one starts at once. It is unloaded after this long without a clip (or with Settings → Unload model).</source>
        <translation>模型在两次生成之间保持加载，下一个视频可以立即开始。超过这段时间没有生成时会自动卸载（也可用“设置 → 卸载模型”）。</translation>
    </message>
    <message>
        <source>Low-VRAM mode: keep the text and image encoders in system RAM</source>
        <translation>低显存模式：文本和图像编码器保留在系统内存中</translation>
    </message>
    <message>
        <source>For graphics cards with little memory: the encoders are moved to the GPU only while they run. Slightly slower; the clips are the same. Applies to the next model load.</source>
        <translation>适用于显存较小的显卡：编码器仅在运行时移到 GPU。速度略慢，生成的视频完全相同。下次加载模型时生效。</translation>
    </message>
    <message>
        <source>GPU memory</source>
        <translation>显存</translation>
    </message>
    <message>
        <source>Unload the model when idle for:</source>
        <translation>空闲多久后卸载模型：</translation>
    </message>
    <message>
        <source>Follow the system</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>深色</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>浅色</translation>
    </message>
    <message>
        <source>The colours of I2V Studio. Following the system uses dark colours when your desktop does.</source>
        <translation>I2V Studio 的配色。选择跟随系统时，桌面使用深色配色时本程序也使用深色。</translation>
    </message>
    <message>
        <source>Appearance</source>
        <translation>外观</translation>
    </message>
    <message>
        <source>Colours:</source>
        <translation>配色：</translation>
    </message>
    <message>
        <source>a CLIP model in the Hugging Face cache</source>
        <translation>Hugging Face 缓存中的 CLIP 模型</translation>
    </message>
    <message>
        <source>The CLIP model that scores variations: a folder or ORG/NAME, for example openai/clip-vit-large-patch14</source>
        <translation>为变体打分的 CLIP 模型：文件夹或 ORG/NAME，例如 openai/clip-vit-large-patch14</translation>
    </message>
    <message>
        <source>Variations</source>
        <translation>变体</translation>
    </message>
    <message>
        <source>Scoring model:</source>
        <translation>评分模型：</translation>
    </message>
</context>
<context>
    <name>i2v::ui::PreviewPanel</name>
    <message>
        <source>Your clip appears here.
Drop an image, pick a template and press Generate.</source>
        <translation>生成的视频会显示在这里。
拖入图片，选择模板，然后点击“生成”。</translation>
    </message>
    <message>
        <source>Play / pause (Space)</source>
        <translation>播放 / 暂停（空格）</translation>
    </message>
    <message>
        <source>Previous frame (Left)</source>
        <translation>上一帧（左方向键）</translation>
    </message>
    <message>
        <source>Next frame (Right)</source>
        <translation>下一帧（右方向键）</translation>
    </message>
    <message>
        <source> fps</source>
        <translation> 帧/秒</translation>
    </message>
    <message>
        <source>Playback speed (does not change the saved clip)</source>
        <translation>播放速度（不影响已保存的视频）</translation>
    </message>
    <message>
        <source>LIVE</source>
        <translation>实时</translation>
    </message>
    <message>
        <source>%1 / %2</source>
        <translation>%1 / %2</translation>
    </message>
</context>
<context>
    <name>i2v::ui::PromptPanel</name>
    <message>
        <source>Start from a ready-made prompt with suggested settings</source>
        <translation>从现成的提示词和推荐设置开始</translation>
    </message>
    <message>
        <source>Save the prompt and settings as a template…</source>
        <translation>将提示词和设置保存为模板…</translation>
    </message>
    <message>
        <source>Describe the motion, e.g. &quot;camera slowly zooming in on the face&quot;</source>
        <translation>描述画面的运动，例如“镜头缓慢推近人脸”</translation>
    </message>
    <message>
        <source>What to avoid, e.g. &quot;blurry, distorted&quot;</source>
        <translation>不希望出现的内容，例如“模糊，变形”</translation>
    </message>
    <message>
        <source>Template</source>
        <translation>模板</translation>
    </message>
    <message>
        <source>Prompt</source>
        <translation>提示词</translation>
    </message>
    <message>
        <source>Negative prompt</source>
        <translation>反向提示词</translation>
    </message>
    <message>
        <source>about %1 / %2 tokens (estimate)</source>
        <translation>约 %1 / %2 个词元（估算）</translation>
    </message>
    <message>
        <source>%1 / %2 tokens</source>
        <translation>%1 / %2 个词元</translation>
    </message>
    <message>
        <source>Ignored: %1</source>
        <translation>已忽略：%1</translation>
    </message>
    <message>
        <source>The model reads only the first %1 tokens; the rest is ignored.</source>
        <translation>模型只读取前 %1 个词元，其余部分会被忽略。</translation>
    </message>
    <message>
        <source>Choose a template…</source>
        <translation>选择模板…</translation>
    </message>
    <message>
        <source>Save as template</source>
        <translation>保存为模板</translation>
    </message>
    <message>
        <source>Template name:</source>
        <translation>模板名称：</translation>
    </message>
    <message>
        <source>Manage templates: rename, delete, import, export…</source>
        <translation>管理模板：重命名、删除、导入、导出…</translation>
    </message>
    <message>
        <source>%1 (team)</source>
        <translation>%1（团队）</translation>
    </message>
    <message>
        <source>Shared by your team; read-only</source>
        <translation>团队共享，只读</translation>
    </message>
</context>
<context>
    <name>i2v::ui::QueueModel</name>
    <message numerus="yes">
        <source>%1 × %2 · %n frame(s) · %3 steps · seed %4</source>
        <translation>
            <numerusform>%1 × %2 · %n 帧 · %3 步 · 种子 %4</numerusform>
        </translation>
    </message>
    <message>
        <source>On hold</source>
        <translation>已搁置</translation>
    </message>
    <message>
        <source>Waiting (interrupted last time, starts again)</source>
        <translation>等待中（上次被中断，将重新开始）</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>等待中</translation>
    </message>
    <message>
        <source>%1 %2/%3</source>
        <translation>%1 %2/%3</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation>失败：%1</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>(no prompt)</source>
        <translation>（无提示词）</translation>
    </message>
</context>
<context>
    <name>i2v::ui::QueuePanel</name>
    <message>
        <source>Pause queue</source>
        <translation>暂停队列</translation>
    </message>
    <message>
        <source>Move up</source>
        <translation>上移</translation>
    </message>
    <message>
        <source>Move down</source>
        <translation>下移</translation>
    </message>
    <message>
        <source>Hold</source>
        <translation>搁置</translation>
    </message>
    <message>
        <source>Hold this clip: the queue skips it until you release it</source>
        <translation>搁置此视频：在你取消搁置之前，队列会跳过它</translation>
    </message>
    <message>
        <source>Duplicate with a new seed</source>
        <translation>用新种子复制</translation>
    </message>
    <message>
        <source>Variations…</source>
        <translation>多个变体…</translation>
    </message>
    <message>
        <source>Queue several copies of this clip, each with a new seed</source>
        <translation>将此视频的多个副本加入队列，每个使用新的种子</translation>
    </message>
    <message>
        <source>Remove from queue</source>
        <translation>从队列中移除</translation>
    </message>
    <message>
        <source>Clear finished</source>
        <translation>清除已结束的</translation>
    </message>
    <message>
        <source>Export queue…</source>
        <translation>导出队列…</translation>
    </message>
    <message>
        <source>Save the waiting clips as a batch file for another computer (i2v batch)</source>
        <translation>将等待中的视频保存为批处理文件，供另一台电脑使用（i2v batch）</translation>
    </message>
    <message>
        <source>Import queue…</source>
        <translation>导入队列…</translation>
    </message>
    <message>
        <source>More</source>
        <translation>更多</translation>
    </message>
    <message>
        <source>Clear finished clips, export or import the queue</source>
        <translation>清除已结束的视频，导出或导入队列</translation>
    </message>
    <message>
        <source>Variations</source>
        <translation>变体</translation>
    </message>
    <message>
        <source>How many copies of this clip should be queued? Each gets a new seed.</source>
        <translation>要将此视频的多少个副本加入队列？每个副本使用新的种子。</translation>
    </message>
    <message numerus="yes">
        <source>%n variation(s) added to the queue</source>
        <translation>
            <numerusform>已将 %n 个变体加入队列</numerusform>
        </translation>
    </message>
    <message>
        <source>Export queue</source>
        <translation>导出队列</translation>
    </message>
    <message>
        <source>Batch files (*.jsonl)</source>
        <translation>批处理文件 (*.jsonl)</translation>
    </message>
    <message numerus="yes">
        <source>%n clip(s) exported to %1</source>
        <translation>
            <numerusform>已将 %n 个视频导出到 %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Import queue</source>
        <translation>导入队列</translation>
    </message>
    <message>
        <source>Batch files (*.jsonl *.json)</source>
        <translation>批处理文件 (*.jsonl *.json)</translation>
    </message>
    <message numerus="yes">
        <source>%n clip(s) added from %1</source>
        <translation>
            <numerusform>已从 %1 添加 %n 个视频</numerusform>
        </translation>
    </message>
    <message>
        <source>Resume queue</source>
        <translation>继续队列</translation>
    </message>
    <message>
        <source>Start the waiting clips again</source>
        <translation>重新开始生成等待中的视频</translation>
    </message>
    <message>
        <source>Let the current clip finish, then start no new one until you resume</source>
        <translation>让当前视频完成，在你继续之前不再开始新的视频</translation>
    </message>
    <message numerus="yes">
        <source>%n waiting · paused</source>
        <translation>
            <numerusform>%n 个等待中 · 已暂停</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n waiting</source>
        <translation>
            <numerusform>%n 个等待中</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>i2v::ui::RunBar</name>
    <message>
        <source>Generate</source>
        <translation>生成</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>就绪</translation>
    </message>
    <message>
        <source>Add to queue</source>
        <translation>加入队列</translation>
    </message>
    <message numerus="yes">
        <source>%n more clip(s) waiting</source>
        <translation>
            <numerusform>还有 %n 个视频在排队</numerusform>
        </translation>
    </message>
    <message>
        <source>step %1/%2</source>
        <translation>第 %1/%2 步</translation>
    </message>
    <message>
        <source>%1 elapsed</source>
        <translation>已用 %1</translation>
    </message>
    <message>
        <source>about %1 left</source>
        <translation>约剩 %1</translation>
    </message>
    <message>
        <source>Stop the current clip</source>
        <translation>停止当前视频</translation>
    </message>
    <message>
        <source>Make the clip</source>
        <translation>生成视频</translation>
    </message>
    <message>
        <source>Variations: </source>
        <translation>变体数：</translation>
    </message>
    <message>
        <source>Make this many variations, score them with a CLIP model against the prompt and the image, keep them all and pick the best (1 = one clip)</source>
        <translation>生成这么多个变体，用 CLIP 模型按提示词和图像为它们打分，全部保留并选出最佳（1 = 只生成一个视频）</translation>
    </message>
</context>
<context>
    <name>i2v::ui::Shortcut</name>
    <message>
        <source>%1 (%2)</source>
        <extracomment>A tooltip and its keyboard shortcut, e.g. &quot;Make the clip (Ctrl+Return)&quot;</extracomment>
        <translation>%1（%2）</translation>
    </message>
</context>
<context>
    <name>i2v::ui::StageTexts</name>
    <message>
        <source>Waiting</source>
        <translation>等待中</translation>
    </message>
    <message>
        <source>Loading the model</source>
        <translation>正在加载模型</translation>
    </message>
    <message>
        <source>Reading the prompt</source>
        <translation>正在解析提示词</translation>
    </message>
    <message>
        <source>Reading the image</source>
        <translation>正在分析图片</translation>
    </message>
    <message>
        <source>Generating</source>
        <translation>正在生成</translation>
    </message>
    <message>
        <source>Decoding frames</source>
        <translation>正在解码帧</translation>
    </message>
    <message>
        <source>Saving</source>
        <translation>正在保存</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation>%1 分 %2 秒</translation>
    </message>
    <message>
        <source>Best of %1: %2 for the kept clip; a single clip ≈ %3.</source>
        <translation>%1 选 1：保留的视频耗时 %2；单个视频约 %3。</translation>
    </message>
    <message>
        <source>Best of %1: %2, %3 for the kept clip; a single clip ≈ %4, %5.</source>
        <translation>%1 选 1：保留的视频耗时 %2，花费 %3；单个视频约 %4，%5。</translation>
    </message>
</context>
<context>
    <name>i2v::ui::TemplateManagerDialog</name>
    <message>
        <source>Rename…</source>
        <translation>重命名…</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Your templates</source>
        <translation>我的模板</translation>
    </message>
    <message>
        <source>Built-in templates cannot be changed; these are the ones you saved.</source>
        <translation>内置模板不能修改；这里列出的是你自己保存的模板。</translation>
    </message>
    <message>
        <source>Rename template</source>
        <translation>重命名模板</translation>
    </message>
    <message>
        <source>New name:</source>
        <translation>新名称：</translation>
    </message>
    <message>
        <source>Delete template</source>
        <translation>删除模板</translation>
    </message>
    <message>
        <source>Delete the template &quot;%1&quot;?</source>
        <translation>要删除模板“%1”吗？</translation>
    </message>
    <message>
        <source>Import…</source>
        <translation>导入…</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>Add the templates of a template file (.json) as your own</source>
        <translation>把模板文件（.json）中的模板添加为你自己的模板</translation>
    </message>
    <message>
        <source>Save the selected template as a file to share</source>
        <translation>把所选模板保存为文件以便分享</translation>
    </message>
    <message>
        <source>Import templates</source>
        <translation>导入模板</translation>
    </message>
    <message>
        <source>Template files (*.json)</source>
        <translation>模板文件 (*.json)</translation>
    </message>
    <message>
        <source>Export template</source>
        <translation>导出模板</translation>
    </message>
    <message>
        <source>This file could not be imported. Choose a template file exported from I2V Studio.</source>
        <translation>无法导入此文件。请选择从 I2V Studio 导出的模板文件。</translation>
    </message>
    <message>
        <source>The template could not be saved there. Choose another name or folder.</source>
        <translation>无法在该位置保存模板。请换一个名称或文件夹。</translation>
    </message>
    <message>
        <source>%1 (team)</source>
        <translation>%1（团队）</translation>
    </message>
    <message>
        <source>Shared by your team; read-only</source>
        <translation>团队共享，只读</translation>
    </message>
    <message>
        <source>Team templates come from %1 and cannot be changed here.</source>
        <translation>团队模板来自 %1，在此不能修改。</translation>
    </message>
    <message>
        <source>Skipped: %1</source>
        <translation>已跳过：%1</translation>
    </message>
</context>
<context>
    <name>i2v::ui::UsageChart</name>
    <message>
        <source>Clips per day</source>
        <translation>每天片段数</translation>
    </message>
    <message>
        <source>Minutes per day</source>
        <translation>每天分钟数</translation>
    </message>
    <message>
        <source>Cost per day</source>
        <translation>每天成本</translation>
    </message>
    <message>
        <source>clips</source>
        <translation>片段</translation>
    </message>
    <message>
        <source>minutes</source>
        <translation>分钟</translation>
    </message>
    <message numerus="yes">
        <source>%n clip(s)</source>
        <translation>
            <numerusform>%n 个片段</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 分钟</translation>
    </message>
    <message>
        <source>No clips yet.</source>
        <translation>还没有片段。</translation>
    </message>
</context>
<context>
    <name>i2v::ui::VariationTile</name>
    <message>
        <source>Variation %1 (seed %2): the pick, used by the preview and export</source>
        <translation>变体 %1（种子 %2）：当前选定，预览和导出使用它</translation>
    </message>
    <message>
        <source>Variation %1 (seed %2): click to make this the pick</source>
        <translation>变体 %1（种子 %2）：点击将其设为选定</translation>
    </message>
    <message>
        <source>Rank %1, score %2 = prompt %3, image %4, motion %5 (weighted)</source>
        <translation>排名 %1，得分 %2 = 提示词 %3、图像 %4、运动 %5（加权）</translation>
    </message>
    <message>
        <source>#%1 · %2</source>
        <translation>#%1 · %2</translation>
    </message>
    <message>
        <source>Variation %1, rank %2%3</source>
        <translation>变体 %1，排名 %2%3</translation>
    </message>
    <message>
        <source>, the pick</source>
        <translation>，当前选定</translation>
    </message>
    <message>
        <source>Pick</source>
        <translation>选定</translation>
    </message>
    <message>
        <source>Make this the pick</source>
        <translation>设为选定</translation>
    </message>
</context>
<context>
    <name>i2v::ui::VariationsPanel</name>
    <message>
        <source>Click a variation to keep it instead.</source>
        <translation>点击其他变体可改为保留它。</translation>
    </message>
</context>
<context>
    <name>i2v::ui::VramGauge</name>
    <message>
        <source>seconds</source>
        <translation>秒</translation>
    </message>
    <message>
        <source>GiB</source>
        <translation>GiB</translation>
    </message>
    <message>
        <source>GPU memory used</source>
        <translation>显存占用</translation>
    </message>
    <message>
        <source>This app (RAM)</source>
        <translation>本程序（内存）</translation>
    </message>
    <message>
        <source>This app&apos;s memory (RAM)</source>
        <translation>本程序占用的内存</translation>
    </message>
    <message>
        <source>%1: %2 of %3 GiB in use (peak %4 GiB)</source>
        <translation>%1：已用 %2 / %3 GiB（峰值 %4 GiB）</translation>
    </message>
    <message>
        <source>GPU busy %1%</source>
        <translation>GPU 占用 %1%</translation>
    </message>
    <message>
        <source>No NVIDIA GPU found: generating on the CPU. This app uses %1 GiB of RAM (peak %2 GiB).</source>
        <translation>未检测到 NVIDIA 显卡：将使用 CPU 生成。本程序占用内存 %1 GiB（峰值 %2 GiB）。</translation>
    </message>
    <message>
        <source>This app: reserved</source>
        <translation>本程序：已预留</translation>
    </message>
    <message>
        <source>This app: allocated</source>
        <translation>本程序：已分配</translation>
    </message>
    <message>
        <source>This app: %1 GiB allocated, %2 GiB reserved; job peak %3 GiB</source>
        <translation>本程序：已分配 %1 GiB，已预留 %2 GiB；本次任务峰值 %3 GiB</translation>
    </message>
</context>
</TS>
