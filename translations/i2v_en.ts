<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>i2v::ui::ErrorBanner</name>
    <message>
        <source>Details</source>
        <translation>Details</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>Dismiss</translation>
    </message>
</context>
<context>
    <name>i2v::ui::ErrorTexts</name>
    <message>
        <source>Everything worked.</source>
        <translation>Everything worked.</translation>
    </message>
    <message>
        <source>A setting is outside the range this engine accepts. Check the highlighted parameters or press Reset to defaults.</source>
        <translation>A setting is outside the range this engine accepts. Check the highlighted parameters or press Reset to defaults.</translation>
    </message>
    <message>
        <source>The file could not be found. It may have been moved or deleted; choose it again.</source>
        <translation>The file could not be found. It may have been moved or deleted; choose it again.</translation>
    </message>
    <message>
        <source>The file exists but could not be read. Check that you have permission to open it, or copy it to a local folder.</source>
        <translation>The file exists but could not be read. Check that you have permission to open it, or copy it to a local folder.</translation>
    </message>
    <message>
        <source>This file is not a readable image (it may be damaged or only partly downloaded). Open it in an image viewer, save it again as PNG or JPEG, and drop it here.</source>
        <translation>This file is not a readable image (it may be damaged or only partly downloaded). Open it in an image viewer, save it again as PNG or JPEG, and drop it here.</translation>
    </message>
    <message>
        <source>This image is too large to process. Scale it down (for example to 4000 pixels on the long side) and try again.</source>
        <translation>This image is too large to process. Scale it down (for example to 4000 pixels on the long side) and try again.</translation>
    </message>
    <message>
        <source>This image is too small to make a clip from. Use a larger picture (at least 256 pixels on each side works best).</source>
        <translation>This image is too small to make a clip from. Use a larger picture (at least 256 pixels on each side works best).</translation>
    </message>
    <message>
        <source>This file type is not supported. Use a PNG, JPEG, WebP, BMP or TIFF image.</source>
        <translation>This file type is not supported. Use a PNG, JPEG, WebP, BMP or TIFF image.</translation>
    </message>
    <message>
        <source>No model was found for this request. Choose another engine, or add the model&apos;s folder with &quot;Add model folder…&quot;.</source>
        <translation>No model was found for this request. Choose another engine, or add the model&apos;s folder with &quot;Add model folder…&quot;.</translation>
    </message>
    <message>
        <source>The model folder is incomplete or inconsistent. Download the model again or choose another folder.</source>
        <translation>The model folder is incomplete or inconsistent. Download the model again or choose another folder.</translation>
    </message>
    <message>
        <source>A model weights file is damaged. Download the model again.</source>
        <translation>A model weights file is damaged. Download the model again.</translation>
    </message>
    <message>
        <source>This model uses an unsafe file format (pickle). Use the .safetensors version of the model.</source>
        <translation>This model uses an unsafe file format (pickle). Use the .safetensors version of the model.</translation>
    </message>
    <message>
        <source>A file with this name already exists and was not overwritten. Choose another name.</source>
        <translation>A file with this name already exists and was not overwritten. Choose another name.</translation>
    </message>
    <message>
        <source>The clip could not be saved in this folder. Choose a folder you can write to (Settings → outputs folder, or Save As…).</source>
        <translation>The clip could not be saved in this folder. Choose a folder you can write to (Settings → outputs folder, or Save As…).</translation>
    </message>
    <message>
        <source>The disk is full. Free some space or choose another drive, then save again.</source>
        <translation>The disk is full. Free some space or choose another drive, then save again.</translation>
    </message>
    <message>
        <source>Generation was cancelled. Nothing was saved; press Generate to start again.</source>
        <translation>Generation was cancelled. Nothing was saved; press Generate to start again.</translation>
    </message>
    <message>
        <source>Not enough memory for these settings. Lower the resolution, the number of frames or the steps, and try again.</source>
        <translation>Not enough memory for these settings. Lower the resolution, the number of frames or the steps, and try again.</translation>
    </message>
    <message>
        <source>The video could not be encoded. Try another format (for example GIF or PNG frames).</source>
        <translation>The video could not be encoded. Try another format (for example GIF or PNG frames).</translation>
    </message>
    <message>
        <source>The graphics card is not available. Check the NVIDIA driver, or choose the CPU.</source>
        <translation>The graphics card is not available. Check the NVIDIA driver, or choose the CPU.</translation>
    </message>
    <message>
        <source>Something unexpected went wrong. Your image and settings are kept; try again, and if it happens again send the details to support.</source>
        <translation>Something unexpected went wrong. Your image and settings are kept; try again, and if it happens again send the details to support.</translation>
    </message>
    <message>
        <source>The download failed: the server could not be reached or stopped answering. Check the network (and the mirror or proxy settings), then resume: nothing downloaded so far is lost.</source>
        <translation>The download failed: the server could not be reached or stopped answering. Check the network (and the mirror or proxy settings), then resume: nothing downloaded so far is lost.</translation>
    </message>
    <message>
        <source>The server refused access. This model is gated or private: accept its terms on its Hub page and set HF_TOKEN to an access token, then try again.</source>
        <translation>The server refused access. This model is gated or private: accept its terms on its Hub page and set HF_TOKEN to an access token, then try again.</translation>
    </message>
</context>
<context>
    <name>i2v::ui::ExportPanel</name>
    <message>
        <source>Save As…</source>
        <translation>Save As…</translation>
    </message>
    <message>
        <source>Show in folder</source>
        <translation>Show in folder</translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation>Exporting…</translation>
    </message>
    <message>
        <source>Exported to %1</source>
        <translation>Exported to %1</translation>
    </message>
    <message>
        <source>Saved automatically: %1</source>
        <translation>Saved automatically: %1</translation>
    </message>
    <message>
        <source>Finished clips are saved automatically.</source>
        <translation>Finished clips are saved automatically.</translation>
    </message>
    <message>
        <source>MP4 video (*.mp4)</source>
        <translation>MP4 video (*.mp4)</translation>
    </message>
    <message>
        <source>WebM video (*.webm)</source>
        <translation>WebM video (*.webm)</translation>
    </message>
    <message>
        <source>Animated GIF (*.gif)</source>
        <translation>Animated GIF (*.gif)</translation>
    </message>
    <message>
        <source>PNG frames (a new folder)</source>
        <translation>PNG frames (a new folder)</translation>
    </message>
    <message>
        <source>Save clip as</source>
        <translation>Save clip as</translation>
    </message>
    <message>
        <source>Export the clip as MP4, WebM, GIF or PNG frames</source>
        <translation>Export the clip as MP4, WebM, GIF or PNG frames</translation>
    </message>
</context>
<context>
    <name>i2v::ui::FitPanel</name>
    <message>
        <source>Draft</source>
        <translation>Draft</translation>
    </message>
    <message>
        <source>Standard</source>
        <translation>Standard</translation>
    </message>
    <message>
        <source>Best</source>
        <translation>Best</translation>
    </message>
    <message>
        <source>Retry at a smaller size when the GPU runs out of memory</source>
        <translation>Retry at a smaller size when the GPU runs out of memory</translation>
    </message>
    <message>
        <source>If a clip fails because the graphics card&apos;s memory is full, it is made once more at the next smaller size and frame count, and the history says so.</source>
        <translation>If a clip fails because the graphics card&apos;s memory is full, it is made once more at the next smaller size and frame count, and the history says so.</translation>
    </message>
    <message>
        <source>this computer (CPU)</source>
        <translation>this computer (CPU)</translation>
    </message>
    <message>
        <source>about %1</source>
        <translation>about %1</translation>
    </message>
    <message>
        <source>No memory estimate for this model (its configuration could not be read).</source>
        <translation>No memory estimate for this model (its configuration could not be read).</translation>
    </message>
    <message>
        <source>Runs on the CPU, %1</source>
        <translation>Runs on the CPU, %1</translation>
    </message>
    <message>
        <source>Runs on the CPU; the time is shown after the first clip.</source>
        <translation>Runs on the CPU; the time is shown after the first clip.</translation>
    </message>
    <message>
        <source>fits: %1 of %2 GB</source>
        <translation>fits: %1 of %2 GB</translation>
    </message>
    <message>
        <source>does not fit: needs %1 GB, %2 has %3 GB</source>
        <translation>does not fit: needs %1 GB, %2 has %3 GB</translation>
    </message>
    <message>
        <source>Estimated peak memory for %1 on %2</source>
        <translation>Estimated peak memory for %1 on %2</translation>
    </message>
    <message>
        <source>Nearest that fits: &lt;a href=&quot;use&quot;&gt;Use %1&lt;/a&gt;</source>
        <translation>Nearest that fits: &lt;a href=&quot;use&quot;&gt;Use %1&lt;/a&gt;</translation>
    </message>
    <message>
        <source>Nothing fits on this device; pick a smaller model or run on the CPU.</source>
        <translation>Nothing fits on this device; pick a smaller model or run on the CPU.</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 min</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 h %2 min</translation>
    </message>
    <message>
        <source>Nothing fits on this device.</source>
        <translation>Nothing fits on this device.</translation>
    </message>
    <message>
        <source>%1, %2 steps, about %3 GB</source>
        <translation>%1, %2 steps, about %3 GB</translation>
    </message>
    <message>
        <source>Runs on the CPU with the whole model in system memory (slow).</source>
        <translation>Runs on the CPU with the whole model in system memory (slow).</translation>
    </message>
    <message>
        <source>Runs with the whole model on the GPU.</source>
        <translation>Runs with the whole model on the GPU.</translation>
    </message>
    <message>
        <source>Runs in low-VRAM mode: text and image encoders in system memory, on the GPU only while they run.</source>
        <translation>Runs in low-VRAM mode: text and image encoders in system memory, on the GPU only while they run.</translation>
    </message>
    <message>
        <source>Runs in low-VRAM mode: encoders in system memory, transformer blocks streamed from system memory (slower).</source>
        <translation>Runs in low-VRAM mode: encoders in system memory, transformer blocks streamed from system memory (slower).</translation>
    </message>
    <message>
        <source>Low-VRAM mode (Preferences) would make it fit: %1 GB, slower.</source>
        <translation>Low-VRAM mode (Preferences) would make it fit: %1 GB, slower.</translation>
    </message>
</context>
<context>
    <name>i2v::ui::HistoryPanel</name>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation>%1 min %2 s</translation>
    </message>
    <message>
        <source>Reuse settings</source>
        <translation>Reuse settings</translation>
    </message>
    <message>
        <source>Re-run exactly</source>
        <translation>Re-run exactly</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Open</translation>
    </message>
    <message>
        <source>Show in folder</source>
        <translation>Show in folder</translation>
    </message>
    <message>
        <source>Delete…</source>
        <translation>Delete…</translation>
    </message>
    <message>
        <source>Search prompts and tags</source>
        <translation>Search prompts and tags</translation>
    </message>
    <message>
        <source>Grid</source>
        <translation>Grid</translation>
    </message>
    <message>
        <source>Show thumbnails as a grid or as a list</source>
        <translation>Show thumbnails as a grid or as a list</translation>
    </message>
    <message>
        <source>Tags, separated by commas</source>
        <translation>Tags, separated by commas</translation>
    </message>
    <message>
        <source>Put this clip&apos;s image, prompt and settings into the form</source>
        <translation>Put this clip&apos;s image, prompt and settings into the form</translation>
    </message>
    <message>
        <source>Make this clip again with exactly the same settings and seed</source>
        <translation>Make this clip again with exactly the same settings and seed</translation>
    </message>
    <message>
        <source>Remove from the history (the clip file stays unless you choose otherwise)</source>
        <translation>Remove from the history (the clip file stays unless you choose otherwise)</translation>
    </message>
    <message numerus="yes">
        <source>%n star(s)</source>
        <translation>
            <numerusform>%n star</numerusform>
            <numerusform>%n stars</numerusform>
        </translation>
    </message>
    <message>
        <source>Clips</source>
        <translation>Clips</translation>
    </message>
    <message>
        <source>Usage</source>
        <translation>Usage</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>failed</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>cancelled</translation>
    </message>
    <message>
        <source>Finished clips appear here.</source>
        <translation>Finished clips appear here.</translation>
    </message>
    <message>
        <source>No clip matches the search.</source>
        <translation>No clip matches the search.</translation>
    </message>
    <message>
        <source>Engine: %1</source>
        <translation>Engine: %1</translation>
    </message>
    <message>
        <source>Peak memory: %1</source>
        <translation>Peak memory: %1</translation>
    </message>
    <message>
        <source>Cost: %1</source>
        <translation>Cost: %1</translation>
    </message>
    <message numerus="yes">
        <source>Weights: %n file(s), SHA-256 recorded</source>
        <translation>
            <numerusform>Weights: %n file, SHA-256 recorded</numerusform>
            <numerusform>Weights: %n files, SHA-256 recorded</numerusform>
        </translation>
    </message>
    <message>
        <source>The clip file is no longer there.</source>
        <translation>The clip file is no longer there.</translation>
    </message>
    <message>
        <source>Remove from history</source>
        <translation>Remove from history</translation>
    </message>
    <message>
        <source>Remove this clip from the history?</source>
        <translation>Remove this clip from the history?</translation>
    </message>
    <message>
        <source>Also delete the clip file from the disk</source>
        <translation>Also delete the clip file from the disk</translation>
    </message>
    <message>
        <source>#%1/%2 %3</source>
        <translation>#%1/%2 %3</translation>
    </message>
    <message>
        <source>✔ pick</source>
        <translation>✔ pick</translation>
    </message>
    <message>
        <source>Best of %1: variation %2, rank %3, score %4 (prompt %5, image %6, motion %7)</source>
        <translation>Best of %1: variation %2, rank %3, score %4 (prompt %5, image %6, motion %7)</translation>
    </message>
    <message>
        <source>Not kept: another variation of this job is the pick.</source>
        <translation>Not kept: another variation of this job is the pick.</translation>
    </message>
    <message>
        <source>The pick, chosen by hand.</source>
        <translation>The pick, chosen by hand.</translation>
    </message>
    <message>
        <source>The pick: the best score.</source>
        <translation>The pick: the best score.</translation>
    </message>
</context>
<context>
    <name>i2v::ui::InputPanel</name>
    <message>
        <source>Drop an image here
or use Open… / Paste</source>
        <translation>Drop an image here
or use Open… / Paste</translation>
    </message>
    <message>
        <source>Open…</source>
        <translation>Open…</translation>
    </message>
    <message>
        <source>Paste</source>
        <translation>Paste</translation>
    </message>
    <message>
        <source>Loading %1…</source>
        <translation>Loading %1…</translation>
    </message>
    <message>
        <source>Pasted image</source>
        <translation>Pasted image</translation>
    </message>
    <message>
        <source>%1 × %2 pixels</source>
        <translation>%1 × %2 pixels</translation>
    </message>
    <message>
        <source>Small image (%1 × %2): the clip may look soft. 512 pixels or more on each side works best.</source>
        <translation>Small image (%1 × %2): the clip may look soft. 512 pixels or more on each side works best.</translation>
    </message>
    <message>
        <source>Unusual aspect ratio (%1:1): the edges will be cropped to fit the clip size.</source>
        <translation>Unusual aspect ratio (%1:1): the edges will be cropped to fit the clip size.</translation>
    </message>
    <message>
        <source>Open image</source>
        <translation>Open image</translation>
    </message>
    <message>
        <source>Images (*.png *.jpg *.jpeg *.webp *.bmp *.tif *.tiff);;Clips and recipes (*.mp4 *.webm *.gif *.json);;All files (*)</source>
        <translation>Images (*.png *.jpg *.jpeg *.webp *.bmp *.tif *.tiff);;Clips and recipes (*.mp4 *.webm *.gif *.json);;All files (*)</translation>
    </message>
    <message>
        <source>Choose one or more images</source>
        <translation>Choose one or more images</translation>
    </message>
    <message>
        <source>Use the image on the clipboard</source>
        <translation>Use the image on the clipboard</translation>
    </message>
</context>
<context>
    <name>i2v::ui::LogViewerDialog</name>
    <message>
        <source>Log</source>
        <translation>Log</translation>
    </message>
    <message>
        <source>No log file could be created for this run.</source>
        <translation>No log file could be created for this run.</translation>
    </message>
    <message>
        <source>Reload</source>
        <translation>Reload</translation>
    </message>
    <message>
        <source>Open folder</source>
        <translation>Open folder</translation>
    </message>
    <message>
        <source>The log file cannot be read: %1</source>
        <translation>The log file cannot be read: %1</translation>
    </message>
</context>
<context>
    <name>i2v::ui::MainWindow</name>
    <message>
        <source>I2V Studio</source>
        <translation>I2V Studio</translation>
    </message>
    <message>
        <source>Image</source>
        <translation>Image</translation>
    </message>
    <message>
        <source>Prompt</source>
        <translation>Prompt</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>Parameters</translation>
    </message>
    <message>
        <source>Memory</source>
        <translation>Memory</translation>
    </message>
    <message>
        <source>Your templates could not be saved. Check that your home folder is writable and has free space.</source>
        <translation>Your templates could not be saved. Check that your home folder is writable and has free space.</translation>
    </message>
    <message>
        <source>Choose a model folder</source>
        <translation>Choose a model folder</translation>
    </message>
    <message>
        <source>Exported %1</source>
        <translation>Exported %1</translation>
    </message>
    <message>
        <source>Your templates file was damaged. It was kept as a backup and the built-in templates were restored.</source>
        <translation>Your templates file was damaged. It was kept as a backup and the built-in templates were restored.</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <source>&amp;Open image…</source>
        <translation>&amp;Open image…</translation>
    </message>
    <message>
        <source>&amp;Paste image</source>
        <translation>&amp;Paste image</translation>
    </message>
    <message>
        <source>&amp;Save clip as…</source>
        <translation>&amp;Save clip as…</translation>
    </message>
    <message>
        <source>Show in &amp;folder</source>
        <translation>Show in &amp;folder</translation>
    </message>
    <message>
        <source>Choose &amp;outputs folder…</source>
        <translation>Choose &amp;outputs folder…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Quit</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;View</translation>
    </message>
    <message>
        <source>&amp;Settings</source>
        <translation>&amp;Settings</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Language</translation>
    </message>
    <message>
        <source>System default</source>
        <translation>System default</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <source>&amp;About I2V Studio</source>
        <translation>&amp;About I2V Studio</translation>
    </message>
    <message>
        <source>About I2V Studio</source>
        <translation>About I2V Studio</translation>
    </message>
    <message>
        <source>&lt;b&gt;I2V Studio %1&lt;/b&gt;&lt;br&gt;Turns a still image and a prompt into a short video clip on your own computer.&lt;br&gt;Licensed under the GNU GPL, version 3 or later.</source>
        <translation>&lt;b&gt;I2V Studio %1&lt;/b&gt;&lt;br&gt;Turns a still image and a prompt into a short video clip on your own computer.&lt;br&gt;Licensed under the GNU GPL, version 3 or later.</translation>
    </message>
    <message>
        <source>Add an image first: drop one on the window, or use Open… or Paste.</source>
        <translation>Add an image first: drop one on the window, or use Open… or Paste.</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>Cancelling…</translation>
    </message>
    <message numerus="yes">
        <source>Queueing %n image(s)…</source>
        <translation>
            <numerusform>Queueing %n image…</numerusform>
            <numerusform>Queueing %n images…</numerusform>
        </translation>
    </message>
    <message>
        <source>Settings restored from the clip&apos;s recipe.</source>
        <translation>Settings restored from the clip&apos;s recipe.</translation>
    </message>
    <message>
        <source>Settings restored from the clip&apos;s recipe, but its image was not found. Drop the image to make the clip again.</source>
        <translation>Settings restored from the clip&apos;s recipe, but its image was not found. Drop the image to make the clip again.</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>Starting…</translation>
    </message>
    <message numerus="yes">
        <source>Done in %1 · %n frame(s)</source>
        <translation>
            <numerusform>Done in %1 · %n frame</numerusform>
            <numerusform>Done in %1 · %n frames</numerusform>
        </translation>
    </message>
    <message>
        <source>Cancelled. Nothing was saved.</source>
        <translation>Cancelled. Nothing was saved.</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Cancelled</translation>
    </message>
    <message>
        <source>This clip could not be made. See the message above.</source>
        <translation>This clip could not be made. See the message above.</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Failed</translation>
    </message>
    <message>
        <source>Choose the outputs folder</source>
        <translation>Choose the outputs folder</translation>
    </message>
    <message>
        <source>The new language is used the next time you start I2V Studio.</source>
        <translation>The new language is used the next time you start I2V Studio.</translation>
    </message>
    <message>
        <source>Queue</source>
        <translation>Queue</translation>
    </message>
    <message>
        <source>The queue could not be saved, so it would be lost if I2V Studio closed now. Check that your home folder is writable and has free space.</source>
        <translation>The queue could not be saved, so it would be lost if I2V Studio closed now. Check that your home folder is writable and has free space.</translation>
    </message>
    <message>
        <source>I2V Studio did not close normally last time. Your queue was restored and paused: press Resume queue to continue.</source>
        <translation>I2V Studio did not close normally last time. Your queue was restored and paused: press Resume queue to continue.</translation>
    </message>
    <message>
        <source>Part of your saved queue was damaged. The readable clips were restored and the damaged file was kept as a backup.</source>
        <translation>Part of your saved queue was damaged. The readable clips were restored and the damaged file was kept as a backup.</translation>
    </message>
    <message>
        <source>A clip is being made</source>
        <translation>A clip is being made</translation>
    </message>
    <message numerus="yes">
        <source>Quit anyway? The clip being made now is not saved; it starts again from the beginning the next time you open I2V Studio. The %n other clip(s) waiting in the queue are kept.</source>
        <translation>
            <numerusform>Quit anyway? The clip being made now is not saved; it starts again from the beginning the next time you open I2V Studio. The %n other clip waiting in the queue is kept.</numerusform>
            <numerusform>Quit anyway? The clip being made now is not saved; it starts again from the beginning the next time you open I2V Studio. The %n other clips waiting in the queue are kept.</numerusform>
        </translation>
    </message>
    <message>
        <source>History</source>
        <translation>History</translation>
    </message>
    <message>
        <source>The history could not be saved. Check that your home folder is writable and has free space.</source>
        <translation>The history could not be saved. Check that your home folder is writable and has free space.</translation>
    </message>
    <message>
        <source>Your history file was damaged. It was kept as a backup and a new history was started.</source>
        <translation>Your history file was damaged. It was kept as a backup and a new history was started.</translation>
    </message>
    <message>
        <source>&amp;Preferences…</source>
        <translation>&amp;Preferences…</translation>
    </message>
    <message>
        <source>Show &amp;log</source>
        <translation>Show &amp;log</translation>
    </message>
    <message>
        <source>This clip cannot be made again: its image is missing or unreadable. Use &quot;Reuse settings&quot; and drop the image.</source>
        <translation>This clip cannot be made again: its image is missing or unreadable. Use &quot;Reuse settings&quot; and drop the image.</translation>
    </message>
    <message>
        <source>Queued again with the same settings and seed.</source>
        <translation>Queued again with the same settings and seed.</translation>
    </message>
    <message>
        <source>Some team templates could not be read. Check the team templates folder.</source>
        <translation>Some team templates could not be read. Check the team templates folder.</translation>
    </message>
    <message>
        <source>The graphics card ran out of memory at %1×%2×%3, so this clip was made at %4×%5×%6.</source>
        <translation>The graphics card ran out of memory at %1×%2×%3, so this clip was made at %4×%5×%6.</translation>
    </message>
    <message>
        <source>&amp;Unload model (free GPU memory)</source>
        <translation>&amp;Unload model (free GPU memory)</translation>
    </message>
    <message>
        <source>The model is unloaded as soon as no clip is being made.</source>
        <translation>The model is unloaded as soon as no clip is being made.</translation>
    </message>
    <message>
        <source>The loaded model stays in memory between clips; this frees it now.</source>
        <translation>The loaded model stays in memory between clips; this frees it now.</translation>
    </message>
    <message>
        <source>Clear text</source>
        <translation>Clear text</translation>
    </message>
    <message>
        <source>&amp;Clip</source>
        <translation>&amp;Clip</translation>
    </message>
    <message>
        <source>&amp;Generate</source>
        <translation>&amp;Generate</translation>
    </message>
    <message>
        <source>&amp;Cancel</source>
        <translation>&amp;Cancel</translation>
    </message>
    <message>
        <source>#%1 (variation %2) is now the pick</source>
        <translation>#%1 (variation %2) is now the pick</translation>
    </message>
</context>
<context>
    <name>i2v::ui::ModelSelector</name>
    <message>
        <source>Add model folder…</source>
        <translation>Add model folder…</translation>
    </message>
    <message>
        <source>Get models…</source>
        <translation>Get models…</translation>
    </message>
</context>
<context>
    <name>i2v::ui::ModelsDialog</name>
    <message>
        <source>Download</source>
        <translation>Download</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Pause</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Resume</translation>
    </message>
    <message>
        <source>Cancel download</source>
        <translation>Cancel download</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Remove</translation>
    </message>
    <message>
        <source>Get models</source>
        <translation>Get models</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Model</translation>
    </message>
    <message>
        <source>GPU memory</source>
        <translation>GPU memory</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>%1 %2×%3×%4: %5</source>
        <translation>%1 %2×%3×%4: %5</translation>
    </message>
    <message>
        <source>(estimated)</source>
        <translation>(estimated)</translation>
    </message>
    <message>
        <source>At least the smallest setting fits this GPU (%1).</source>
        <translation>At least the smallest setting fits this GPU (%1).</translation>
    </message>
    <message>
        <source>Does not fit this GPU (%1) without offloading.</source>
        <translation>Does not fit this GPU (%1) without offloading.</translation>
    </message>
    <message>
        <source>Variant:</source>
        <translation>Variant:</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Models are kept in the Hugging Face cache %1, shared with other tools.</source>
        <translation>Models are kept in the Hugging Face cache %1, shared with other tools.</translation>
    </message>
    <message>
        <source>default</source>
        <translation>default</translation>
    </message>
    <message>
        <source>%1
needs %2 free</source>
        <translation>%1
needs %2 free</translation>
    </message>
    <message>
        <source>Downloading %1 %</source>
        <translation>Downloading %1 %</translation>
    </message>
    <message>
        <source>Pausing…</source>
        <translation>Pausing…</translation>
    </message>
    <message>
        <source>Paused at %1 %</source>
        <translation>Paused at %1 %</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>Cancelling…</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Cancelled</translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation>Failed: %1</translation>
    </message>
    <message>
        <source>Installed (verified)</source>
        <translation>Installed (verified)</translation>
    </message>
    <message>
        <source>Installed</source>
        <translation>Installed</translation>
    </message>
    <message>
        <source>Partly downloaded</source>
        <translation>Partly downloaded</translation>
    </message>
    <message>
        <source>Not installed</source>
        <translation>Not installed</translation>
    </message>
    <message>
        <source>File %1 of %2: %3</source>
        <translation>File %1 of %2: %3</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 of %2</translation>
    </message>
    <message>
        <source>%1/s, %2 left</source>
        <translation>%1/s, %2 left</translation>
    </message>
    <message>
        <source>Remove model</source>
        <translation>Remove model</translation>
    </message>
    <message>
        <source>Delete %1 from the Hugging Face cache? Other programs that use this copy will have to download it again.</source>
        <translation>Delete %1 from the Hugging Face cache? Other programs that use this copy will have to download it again.</translation>
    </message>
</context>
<context>
    <name>i2v::ui::ParamTexts</name>
    <message>
        <source>Width</source>
        <translation>Width</translation>
    </message>
    <message>
        <source>Width of the clip in pixels.</source>
        <translation>Width of the clip in pixels.</translation>
    </message>
    <message>
        <source>Height</source>
        <translation>Height</translation>
    </message>
    <message>
        <source>Height of the clip in pixels.</source>
        <translation>Height of the clip in pixels.</translation>
    </message>
    <message>
        <source>Frames</source>
        <translation>Frames</translation>
    </message>
    <message>
        <source>Number of frames in the clip. More frames make a longer clip and take longer.</source>
        <translation>Number of frames in the clip. More frames make a longer clip and take longer.</translation>
    </message>
    <message>
        <source>Frame rate</source>
        <translation>Frame rate</translation>
    </message>
    <message>
        <source>Frames per second when the clip plays.</source>
        <translation>Frames per second when the clip plays.</translation>
    </message>
    <message>
        <source>Steps</source>
        <translation>Steps</translation>
    </message>
    <message>
        <source>Denoising steps. More steps give more detail and take longer.</source>
        <translation>Denoising steps. More steps give more detail and take longer.</translation>
    </message>
    <message>
        <source>Guidance</source>
        <translation>Guidance</translation>
    </message>
    <message>
        <source>How closely the clip follows the prompt. Higher values follow it more literally.</source>
        <translation>How closely the clip follows the prompt. Higher values follow it more literally.</translation>
    </message>
    <message>
        <source>Motion strength</source>
        <translation>Motion strength</translation>
    </message>
    <message>
        <source>How much movement the clip has.</source>
        <translation>How much movement the clip has.</translation>
    </message>
    <message>
        <source>Camera move</source>
        <translation>Camera move</translation>
    </message>
    <message>
        <source>The camera movement. Automatic reads it from the prompt.</source>
        <translation>The camera movement. Automatic reads it from the prompt.</translation>
    </message>
    <message>
        <source>Easing</source>
        <translation>Easing</translation>
    </message>
    <message>
        <source>How the movement speeds up and slows down.</source>
        <translation>How the movement speeds up and slows down.</translation>
    </message>
    <message>
        <source>Decode chunk</source>
        <translation>Decode chunk</translation>
    </message>
    <message>
        <source>Frames decoded at once. Lower values use less memory.</source>
        <translation>Frames decoded at once. Lower values use less memory.</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>Seed</translation>
    </message>
    <message>
        <source>The same seed and settings give the same clip.</source>
        <translation>The same seed and settings give the same clip.</translation>
    </message>
    <message>
        <source>Automatic (from the prompt)</source>
        <translation>Automatic (from the prompt)</translation>
    </message>
    <message>
        <source>Still</source>
        <translation>Still</translation>
    </message>
    <message>
        <source>Zoom in</source>
        <translation>Zoom in</translation>
    </message>
    <message>
        <source>Zoom out</source>
        <translation>Zoom out</translation>
    </message>
    <message>
        <source>Pan left</source>
        <translation>Pan left</translation>
    </message>
    <message>
        <source>Pan right</source>
        <translation>Pan right</translation>
    </message>
    <message>
        <source>Pan up</source>
        <translation>Pan up</translation>
    </message>
    <message>
        <source>Pan down</source>
        <translation>Pan down</translation>
    </message>
    <message>
        <source>Tilt up</source>
        <translation>Tilt up</translation>
    </message>
    <message>
        <source>Tilt down</source>
        <translation>Tilt down</translation>
    </message>
    <message>
        <source>Tilt</source>
        <translation>Tilt</translation>
    </message>
    <message>
        <source>Orbit</source>
        <translation>Orbit</translation>
    </message>
    <message>
        <source>Orbit left</source>
        <translation>Orbit left</translation>
    </message>
    <message>
        <source>Orbit right</source>
        <translation>Orbit right</translation>
    </message>
    <message>
        <source>Rotate</source>
        <translation>Rotate</translation>
    </message>
    <message>
        <source>Rotate clockwise</source>
        <translation>Rotate clockwise</translation>
    </message>
    <message>
        <source>Rotate counter-clockwise</source>
        <translation>Rotate counter-clockwise</translation>
    </message>
    <message>
        <source>Dolly in</source>
        <translation>Dolly in</translation>
    </message>
    <message>
        <source>Dolly out</source>
        <translation>Dolly out</translation>
    </message>
    <message>
        <source>Dolly</source>
        <translation>Dolly</translation>
    </message>
    <message>
        <source>Handheld drift</source>
        <translation>Handheld drift</translation>
    </message>
    <message>
        <source>Linear</source>
        <translation>Linear</translation>
    </message>
    <message>
        <source>Ease in</source>
        <translation>Ease in</translation>
    </message>
    <message>
        <source>Ease out</source>
        <translation>Ease out</translation>
    </message>
    <message>
        <source>Ease in and out</source>
        <translation>Ease in and out</translation>
    </message>
    <message>
        <source>Camera motion (built-in)</source>
        <translation>Camera motion (built-in)</translation>
    </message>
    <message>
        <source>I2VGen-XL</source>
        <translation>I2VGen-XL</translation>
    </message>
    <message>
        <source>Flow shift</source>
        <translation>Flow shift</translation>
    </message>
    <message>
        <source>Shifts the sampler&apos;s time steps. 0 uses the model&apos;s own setting; higher values suit higher resolutions.</source>
        <translation>Shifts the sampler&apos;s time steps. 0 uses the model&apos;s own setting; higher values suit higher resolutions.</translation>
    </message>
</context>
<context>
    <name>i2v::ui::ParametersPanel</name>
    <message>
        <source>Engine</source>
        <translation>Engine</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>Device</translation>
    </message>
    <message>
        <source>Where the engine runs. Automatic uses the graphics card when there is one.</source>
        <translation>Where the engine runs. Automatic uses the graphics card when there is one.</translation>
    </message>
    <message>
        <source>Precision</source>
        <translation>Precision</translation>
    </message>
    <message>
        <source>Number precision of the model. Automatic: half precision on a graphics card, full precision on the processor. Lower precision needs less memory.</source>
        <translation>Number precision of the model. Automatic: half precision on a graphics card, full precision on the processor. Lower precision needs less memory.</translation>
    </message>
    <message>
        <source>Automatic</source>
        <translation>Automatic</translation>
    </message>
    <message>
        <source>Processor (CPU)</source>
        <translation>Processor (CPU)</translation>
    </message>
    <message>
        <source>Graphics card (CUDA)</source>
        <translation>Graphics card (CUDA)</translation>
    </message>
    <message>
        <source>Graphics card %1 (CUDA)</source>
        <translation>Graphics card %1 (CUDA)</translation>
    </message>
    <message>
        <source>The same seed and settings give the same clip.</source>
        <translation>The same seed and settings give the same clip.</translation>
    </message>
    <message>
        <source>Keep this seed for every run (otherwise a new seed is drawn each time)</source>
        <translation>Keep this seed for every run (otherwise a new seed is drawn each time)</translation>
    </message>
    <message>
        <source>Draw a new random seed</source>
        <translation>Draw a new random seed</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>Seed</translation>
    </message>
    <message>
        <source>Reset to defaults</source>
        <translation>Reset to defaults</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Size</translation>
    </message>
    <message>
        <source>Square</source>
        <translation>Square</translation>
    </message>
    <message>
        <source>Landscape 16:9</source>
        <translation>Landscape 16:9</translation>
    </message>
    <message>
        <source>Portrait 9:16</source>
        <translation>Portrait 9:16</translation>
    </message>
    <message>
        <source>Classic 4:3</source>
        <translation>Classic 4:3</translation>
    </message>
    <message>
        <source>Match image  %1 × %2</source>
        <translation>Match image  %1 × %2</translation>
    </message>
    <message>
        <source>Custom</source>
        <translation>Custom</translation>
    </message>
</context>
<context>
    <name>i2v::ui::PreferencesDialog</name>
    <message>
        <source> W</source>
        <translation> W</translation>
    </message>
    <message>
        <source>Preferences</source>
        <translation>Preferences</translation>
    </message>
    <message>
        <source>Do not show costs</source>
        <translation>Do not show costs</translation>
    </message>
    <message>
        <source>Price per GPU-hour</source>
        <translation>Price per GPU-hour</translation>
    </message>
    <message>
        <source>Power draw × electricity price</source>
        <translation>Power draw × electricity price</translation>
    </message>
    <message>
        <source>A currency code such as CNY, USD or EUR, or any short text</source>
        <translation>A currency code such as CNY, USD or EUR, or any short text</translation>
    </message>
    <message>
        <source>The history shows the time of each clip only.</source>
        <translation>The history shows the time of each clip only.</translation>
    </message>
    <message>
        <source>Price per GPU-hour:</source>
        <translation>Price per GPU-hour:</translation>
    </message>
    <message>
        <source>Power draw while generating:</source>
        <translation>Power draw while generating:</translation>
    </message>
    <message>
        <source>Electricity price per kWh:</source>
        <translation>Electricity price per kWh:</translation>
    </message>
    <message>
        <source>Cost per clip</source>
        <translation>Cost per clip</translation>
    </message>
    <message>
        <source>Machine cost:</source>
        <translation>Machine cost:</translation>
    </message>
    <message>
        <source>Currency:</source>
        <translation>Currency:</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>Choose…</translation>
    </message>
    <message>
        <source>None</source>
        <translation>None</translation>
    </message>
    <message>
        <source>Team templates</source>
        <translation>Team templates</translation>
    </message>
    <message>
        <source>A shared folder (for example on a network drive) with template files. Its templates are listed as team templates and cannot be changed here.</source>
        <translation>A shared folder (for example on a network drive) with template files. Its templates are listed as team templates and cannot be changed here.</translation>
    </message>
    <message>
        <source>Choose the team templates folder</source>
        <translation>Choose the team templates folder</translation>
    </message>
    <message>
        <source>A 1-minute clip costs %1.</source>
        <translation>A 1-minute clip costs %1.</translation>
    </message>
    <message>
        <source> min</source>
        <translation> min</translation>
    </message>
    <message>
        <source>Never</source>
        <translation>Never</translation>
    </message>
    <message>
        <source>The model stays loaded between clips so the next one starts at once. It is unloaded after this long without a clip (or with Settings → Unload model).</source>
        <translation>The model stays loaded between clips so the next one starts at once. It is unloaded after this long without a clip (or with Settings → Unload model).</translation>
    </message>
    <message>
        <source>Low-VRAM mode: keep the text and image encoders in system RAM</source>
        <translation>Low-VRAM mode: keep the text and image encoders in system RAM</translation>
    </message>
    <message>
        <source>For graphics cards with little memory: the encoders are moved to the GPU only while they run. Slightly slower; the clips are the same. Applies to the next model load.</source>
        <translation>For graphics cards with little memory: the encoders are moved to the GPU only while they run. Slightly slower; the clips are the same. Applies to the next model load.</translation>
    </message>
    <message>
        <source>GPU memory</source>
        <translation>GPU memory</translation>
    </message>
    <message>
        <source>Unload the model when idle for:</source>
        <translation>Unload the model when idle for:</translation>
    </message>
    <message>
        <source>Follow the system</source>
        <translation>Follow the system</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>Dark</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>Light</translation>
    </message>
    <message>
        <source>The colours of I2V Studio. Following the system uses dark colours when your desktop does.</source>
        <translation>The colours of I2V Studio. Following the system uses dark colours when your desktop does.</translation>
    </message>
    <message>
        <source>Appearance</source>
        <translation>Appearance</translation>
    </message>
    <message>
        <source>Colours:</source>
        <translation>Colours:</translation>
    </message>
    <message>
        <source>a CLIP model in the Hugging Face cache</source>
        <translation>a CLIP model in the Hugging Face cache</translation>
    </message>
    <message>
        <source>The CLIP model that scores variations: a folder or ORG/NAME, for example openai/clip-vit-large-patch14</source>
        <translation>The CLIP model that scores variations: a folder or ORG/NAME, for example openai/clip-vit-large-patch14</translation>
    </message>
    <message>
        <source>Variations</source>
        <translation>Variations</translation>
    </message>
    <message>
        <source>Scoring model:</source>
        <translation>Scoring model:</translation>
    </message>
</context>
<context>
    <name>i2v::ui::PreviewPanel</name>
    <message>
        <source>Your clip appears here.
Drop an image, pick a template and press Generate.</source>
        <translation>Your clip appears here.
Drop an image, pick a template and press Generate.</translation>
    </message>
    <message>
        <source>Play / pause (Space)</source>
        <translation>Play / pause (Space)</translation>
    </message>
    <message>
        <source>Previous frame (Left)</source>
        <translation>Previous frame (Left)</translation>
    </message>
    <message>
        <source>Next frame (Right)</source>
        <translation>Next frame (Right)</translation>
    </message>
    <message>
        <source> fps</source>
        <translation> fps</translation>
    </message>
    <message>
        <source>Playback speed (does not change the saved clip)</source>
        <translation>Playback speed (does not change the saved clip)</translation>
    </message>
    <message>
        <source>LIVE</source>
        <translation>LIVE</translation>
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
        <translation>Start from a ready-made prompt with suggested settings</translation>
    </message>
    <message>
        <source>Save the prompt and settings as a template…</source>
        <translation>Save the prompt and settings as a template…</translation>
    </message>
    <message>
        <source>Describe the motion, e.g. &quot;camera slowly zooming in on the face&quot;</source>
        <translation>Describe the motion, e.g. &quot;camera slowly zooming in on the face&quot;</translation>
    </message>
    <message>
        <source>What to avoid, e.g. &quot;blurry, distorted&quot;</source>
        <translation>What to avoid, e.g. &quot;blurry, distorted&quot;</translation>
    </message>
    <message>
        <source>Template</source>
        <translation>Template</translation>
    </message>
    <message>
        <source>Prompt</source>
        <translation>Prompt</translation>
    </message>
    <message>
        <source>Negative prompt</source>
        <translation>Negative prompt</translation>
    </message>
    <message>
        <source>about %1 / %2 tokens (estimate)</source>
        <translation>about %1 / %2 tokens (estimate)</translation>
    </message>
    <message>
        <source>%1 / %2 tokens</source>
        <translation>%1 / %2 tokens</translation>
    </message>
    <message>
        <source>Ignored: %1</source>
        <translation>Ignored: %1</translation>
    </message>
    <message>
        <source>The model reads only the first %1 tokens; the rest is ignored.</source>
        <translation>The model reads only the first %1 tokens; the rest is ignored.</translation>
    </message>
    <message>
        <source>Choose a template…</source>
        <translation>Choose a template…</translation>
    </message>
    <message>
        <source>Save as template</source>
        <translation>Save as template</translation>
    </message>
    <message>
        <source>Template name:</source>
        <translation>Template name:</translation>
    </message>
    <message>
        <source>Manage templates: rename, delete, import, export…</source>
        <translation>Manage templates: rename, delete, import, export…</translation>
    </message>
    <message>
        <source>%1 (team)</source>
        <translation>%1 (team)</translation>
    </message>
    <message>
        <source>Shared by your team; read-only</source>
        <translation>Shared by your team; read-only</translation>
    </message>
</context>
<context>
    <name>i2v::ui::QueueModel</name>
    <message numerus="yes">
        <source>%1 × %2 · %n frame(s) · %3 steps · seed %4</source>
        <translation>
            <numerusform>%1 × %2 · %n frame · %3 steps · seed %4</numerusform>
            <numerusform>%1 × %2 · %n frames · %3 steps · seed %4</numerusform>
        </translation>
    </message>
    <message>
        <source>On hold</source>
        <translation>On hold</translation>
    </message>
    <message>
        <source>Waiting (interrupted last time, starts again)</source>
        <translation>Waiting (interrupted last time, starts again)</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>Waiting</translation>
    </message>
    <message>
        <source>%1 %2/%3</source>
        <translation>%1 %2/%3</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Done</translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation>Failed: %1</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Cancelled</translation>
    </message>
    <message>
        <source>(no prompt)</source>
        <translation>(no prompt)</translation>
    </message>
</context>
<context>
    <name>i2v::ui::QueuePanel</name>
    <message>
        <source>Pause queue</source>
        <translation>Pause queue</translation>
    </message>
    <message>
        <source>Move up</source>
        <translation>Move up</translation>
    </message>
    <message>
        <source>Move down</source>
        <translation>Move down</translation>
    </message>
    <message>
        <source>Hold</source>
        <translation>Hold</translation>
    </message>
    <message>
        <source>Hold this clip: the queue skips it until you release it</source>
        <translation>Hold this clip: the queue skips it until you release it</translation>
    </message>
    <message>
        <source>Duplicate with a new seed</source>
        <translation>Duplicate with a new seed</translation>
    </message>
    <message>
        <source>Variations…</source>
        <translation>Variations…</translation>
    </message>
    <message>
        <source>Queue several copies of this clip, each with a new seed</source>
        <translation>Queue several copies of this clip, each with a new seed</translation>
    </message>
    <message>
        <source>Remove from queue</source>
        <translation>Remove from queue</translation>
    </message>
    <message>
        <source>Clear finished</source>
        <translation>Clear finished</translation>
    </message>
    <message>
        <source>Export queue…</source>
        <translation>Export queue…</translation>
    </message>
    <message>
        <source>Save the waiting clips as a batch file for another computer (i2v batch)</source>
        <translation>Save the waiting clips as a batch file for another computer (i2v batch)</translation>
    </message>
    <message>
        <source>Import queue…</source>
        <translation>Import queue…</translation>
    </message>
    <message>
        <source>More</source>
        <translation>More</translation>
    </message>
    <message>
        <source>Clear finished clips, export or import the queue</source>
        <translation>Clear finished clips, export or import the queue</translation>
    </message>
    <message>
        <source>Variations</source>
        <translation>Variations</translation>
    </message>
    <message>
        <source>How many copies of this clip should be queued? Each gets a new seed.</source>
        <translation>How many copies of this clip should be queued? Each gets a new seed.</translation>
    </message>
    <message numerus="yes">
        <source>%n variation(s) added to the queue</source>
        <translation>
            <numerusform>%n variation added to the queue</numerusform>
            <numerusform>%n variations added to the queue</numerusform>
        </translation>
    </message>
    <message>
        <source>Export queue</source>
        <translation>Export queue</translation>
    </message>
    <message>
        <source>Batch files (*.jsonl)</source>
        <translation>Batch files (*.jsonl)</translation>
    </message>
    <message numerus="yes">
        <source>%n clip(s) exported to %1</source>
        <translation>
            <numerusform>%n clip exported to %1</numerusform>
            <numerusform>%n clips exported to %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Import queue</source>
        <translation>Import queue</translation>
    </message>
    <message>
        <source>Batch files (*.jsonl *.json)</source>
        <translation>Batch files (*.jsonl *.json)</translation>
    </message>
    <message numerus="yes">
        <source>%n clip(s) added from %1</source>
        <translation>
            <numerusform>%n clip added from %1</numerusform>
            <numerusform>%n clips added from %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Resume queue</source>
        <translation>Resume queue</translation>
    </message>
    <message>
        <source>Start the waiting clips again</source>
        <translation>Start the waiting clips again</translation>
    </message>
    <message>
        <source>Let the current clip finish, then start no new one until you resume</source>
        <translation>Let the current clip finish, then start no new one until you resume</translation>
    </message>
    <message numerus="yes">
        <source>%n waiting · paused</source>
        <translation>
            <numerusform>%n waiting · paused</numerusform>
            <numerusform>%n waiting · paused</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n waiting</source>
        <translation>
            <numerusform>%n waiting</numerusform>
            <numerusform>%n waiting</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>i2v::ui::RunBar</name>
    <message>
        <source>Generate</source>
        <translation>Generate</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>Ready</translation>
    </message>
    <message>
        <source>Add to queue</source>
        <translation>Add to queue</translation>
    </message>
    <message numerus="yes">
        <source>%n more clip(s) waiting</source>
        <translation>
            <numerusform>%n more clip waiting</numerusform>
            <numerusform>%n more clips waiting</numerusform>
        </translation>
    </message>
    <message>
        <source>step %1/%2</source>
        <translation>step %1/%2</translation>
    </message>
    <message>
        <source>%1 elapsed</source>
        <translation>%1 elapsed</translation>
    </message>
    <message>
        <source>about %1 left</source>
        <translation>about %1 left</translation>
    </message>
    <message>
        <source>Stop the current clip</source>
        <translation>Stop the current clip</translation>
    </message>
    <message>
        <source>Make the clip</source>
        <translation>Make the clip</translation>
    </message>
    <message>
        <source>Variations: </source>
        <translation>Variations: </translation>
    </message>
    <message>
        <source>Make this many variations, score them with a CLIP model against the prompt and the image, keep them all and pick the best (1 = one clip)</source>
        <translation>Make this many variations, score them with a CLIP model against the prompt and the image, keep them all and pick the best (1 = one clip)</translation>
    </message>
</context>
<context>
    <name>i2v::ui::Shortcut</name>
    <message>
        <source>%1 (%2)</source>
        <extracomment>A tooltip and its keyboard shortcut, e.g. &quot;Make the clip (Ctrl+Return)&quot;</extracomment>
        <translation>%1 (%2)</translation>
    </message>
</context>
<context>
    <name>i2v::ui::StageTexts</name>
    <message>
        <source>Waiting</source>
        <translation>Waiting</translation>
    </message>
    <message>
        <source>Loading the model</source>
        <translation>Loading the model</translation>
    </message>
    <message>
        <source>Reading the prompt</source>
        <translation>Reading the prompt</translation>
    </message>
    <message>
        <source>Reading the image</source>
        <translation>Reading the image</translation>
    </message>
    <message>
        <source>Generating</source>
        <translation>Generating</translation>
    </message>
    <message>
        <source>Decoding frames</source>
        <translation>Decoding frames</translation>
    </message>
    <message>
        <source>Saving</source>
        <translation>Saving</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Done</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation>%1 min %2 s</translation>
    </message>
    <message>
        <source>Best of %1: %2 for the kept clip; a single clip ≈ %3.</source>
        <translation>Best of %1: %2 for the kept clip; a single clip ≈ %3.</translation>
    </message>
    <message>
        <source>Best of %1: %2, %3 for the kept clip; a single clip ≈ %4, %5.</source>
        <translation>Best of %1: %2, %3 for the kept clip; a single clip ≈ %4, %5.</translation>
    </message>
</context>
<context>
    <name>i2v::ui::TemplateManagerDialog</name>
    <message>
        <source>Rename…</source>
        <translation>Rename…</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Delete</translation>
    </message>
    <message>
        <source>Your templates</source>
        <translation>Your templates</translation>
    </message>
    <message>
        <source>Built-in templates cannot be changed; these are the ones you saved.</source>
        <translation>Built-in templates cannot be changed; these are the ones you saved.</translation>
    </message>
    <message>
        <source>Rename template</source>
        <translation>Rename template</translation>
    </message>
    <message>
        <source>New name:</source>
        <translation>New name:</translation>
    </message>
    <message>
        <source>Delete template</source>
        <translation>Delete template</translation>
    </message>
    <message>
        <source>Delete the template &quot;%1&quot;?</source>
        <translation>Delete the template &quot;%1&quot;?</translation>
    </message>
    <message>
        <source>Import…</source>
        <translation>Import…</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>Export…</translation>
    </message>
    <message>
        <source>Add the templates of a template file (.json) as your own</source>
        <translation>Add the templates of a template file (.json) as your own</translation>
    </message>
    <message>
        <source>Save the selected template as a file to share</source>
        <translation>Save the selected template as a file to share</translation>
    </message>
    <message>
        <source>Import templates</source>
        <translation>Import templates</translation>
    </message>
    <message>
        <source>Template files (*.json)</source>
        <translation>Template files (*.json)</translation>
    </message>
    <message>
        <source>Export template</source>
        <translation>Export template</translation>
    </message>
    <message>
        <source>This file could not be imported. Choose a template file exported from I2V Studio.</source>
        <translation>This file could not be imported. Choose a template file exported from I2V Studio.</translation>
    </message>
    <message>
        <source>The template could not be saved there. Choose another name or folder.</source>
        <translation>The template could not be saved there. Choose another name or folder.</translation>
    </message>
    <message>
        <source>%1 (team)</source>
        <translation>%1 (team)</translation>
    </message>
    <message>
        <source>Shared by your team; read-only</source>
        <translation>Shared by your team; read-only</translation>
    </message>
    <message>
        <source>Team templates come from %1 and cannot be changed here.</source>
        <translation>Team templates come from %1 and cannot be changed here.</translation>
    </message>
    <message>
        <source>Skipped: %1</source>
        <translation>Skipped: %1</translation>
    </message>
</context>
<context>
    <name>i2v::ui::UsageChart</name>
    <message>
        <source>Clips per day</source>
        <translation>Clips per day</translation>
    </message>
    <message>
        <source>Minutes per day</source>
        <translation>Minutes per day</translation>
    </message>
    <message>
        <source>Cost per day</source>
        <translation>Cost per day</translation>
    </message>
    <message>
        <source>clips</source>
        <translation>clips</translation>
    </message>
    <message>
        <source>minutes</source>
        <translation>minutes</translation>
    </message>
    <message numerus="yes">
        <source>%n clip(s)</source>
        <translation>
            <numerusform>%n clip</numerusform>
            <numerusform>%n clips</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 min</translation>
    </message>
    <message>
        <source>No clips yet.</source>
        <translation>No clips yet.</translation>
    </message>
</context>
<context>
    <name>i2v::ui::VariationTile</name>
    <message>
        <source>Variation %1 (seed %2): the pick, used by the preview and export</source>
        <translation>Variation %1 (seed %2): the pick, used by the preview and export</translation>
    </message>
    <message>
        <source>Variation %1 (seed %2): click to make this the pick</source>
        <translation>Variation %1 (seed %2): click to make this the pick</translation>
    </message>
    <message>
        <source>Rank %1, score %2 = prompt %3, image %4, motion %5 (weighted)</source>
        <translation>Rank %1, score %2 = prompt %3, image %4, motion %5 (weighted)</translation>
    </message>
    <message>
        <source>#%1 · %2</source>
        <translation>#%1 · %2</translation>
    </message>
    <message>
        <source>Variation %1, rank %2%3</source>
        <translation>Variation %1, rank %2%3</translation>
    </message>
    <message>
        <source>, the pick</source>
        <translation>, the pick</translation>
    </message>
    <message>
        <source>Pick</source>
        <translation>Pick</translation>
    </message>
    <message>
        <source>Make this the pick</source>
        <translation>Make this the pick</translation>
    </message>
</context>
<context>
    <name>i2v::ui::VariationsPanel</name>
    <message>
        <source>Click a variation to keep it instead.</source>
        <translation>Click a variation to keep it instead.</translation>
    </message>
</context>
<context>
    <name>i2v::ui::VramGauge</name>
    <message>
        <source>seconds</source>
        <translation>seconds</translation>
    </message>
    <message>
        <source>GiB</source>
        <translation>GiB</translation>
    </message>
    <message>
        <source>GPU memory used</source>
        <translation>GPU memory used</translation>
    </message>
    <message>
        <source>This app (RAM)</source>
        <translation>This app (RAM)</translation>
    </message>
    <message>
        <source>This app&apos;s memory (RAM)</source>
        <translation>This app&apos;s memory (RAM)</translation>
    </message>
    <message>
        <source>%1: %2 of %3 GiB in use (peak %4 GiB)</source>
        <translation>%1: %2 of %3 GiB in use (peak %4 GiB)</translation>
    </message>
    <message>
        <source>GPU busy %1%</source>
        <translation>GPU busy %1%</translation>
    </message>
    <message>
        <source>No NVIDIA GPU found: generating on the CPU. This app uses %1 GiB of RAM (peak %2 GiB).</source>
        <translation>No NVIDIA GPU found: generating on the CPU. This app uses %1 GiB of RAM (peak %2 GiB).</translation>
    </message>
    <message>
        <source>This app: reserved</source>
        <translation>This app: reserved</translation>
    </message>
    <message>
        <source>This app: allocated</source>
        <translation>This app: allocated</translation>
    </message>
    <message>
        <source>This app: %1 GiB allocated, %2 GiB reserved; job peak %3 GiB</source>
        <translation>This app: %1 GiB allocated, %2 GiB reserved; job peak %3 GiB</translation>
    </message>
</context>
</TS>
