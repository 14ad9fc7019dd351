# LibTorch 2.x from the PyTorch distribution: the one engine runtime.
#
# Where it comes from, first match wins:
#   1. -DI2V_TORCH_ROOT=DIR: a LibTorch tree (DIR/include, DIR/lib/libtorch.so), e.g. an unzipped
#      pytorch.org LibTorch or a pip wheel's torch/ folder;
#   2. CMAKE_PREFIX_PATH naming such a tree, or its share/cmake folder (older build instructions);
#   3. the project's virtual environment that scripts/install-deps.sh makes (.venv, a pinned torch wheel):
#      `torch.utils.cmake_prefix_path` of I2V_TORCH_PYTHON, whose ../.. is the torch folder.
#
# Defines the imported target i2v::torch (headers, the C++ ABI flag, libtorch_cpu/libc10 and, when the build
# has CUDA, libc10_cuda; libtorch_cuda is loaded at run time where a driver exists, see below),
# I2V_TORCH_VERSION, I2V_TORCH_ROOT and I2V_TORCH_CUDA (ON when the LibTorch has CUDA; the engine is
# then compiled with I2V_TORCH_CUDA=1, so every CUDA line is compiled and linked).
#
# TorchConfig.cmake is not used: for a CUDA build it enables the CUDA language and needs a full CUDA
# toolkit on the build machine, although nothing here is compiled with nvcc. The CUDA runtime headers
# that c10/cuda includes come with the wheel (nvidia/*/include) or from a toolkit when there is one.

set(I2V_TORCH_ROOT "" CACHE PATH "LibTorch 2.x folder (include/, lib/libtorch.so); empty: ask I2V_TORCH_PYTHON")
set(I2V_TORCH_PYTHON "${PROJECT_SOURCE_DIR}/.venv/bin/python" CACHE FILEPATH
    "Python whose torch package provides LibTorch (made by scripts/install-deps.sh)")

function(_i2v_is_torch_root dir out)
  if(dir AND EXISTS "${dir}/lib/libtorch.so" AND EXISTS "${dir}/include/torch/csrc/api/include/torch/torch.h")
    set(${out} TRUE PARENT_SCOPE)
  else()
    set(${out} FALSE PARENT_SCOPE)
  endif()
endfunction()

set(_root "${I2V_TORCH_ROOT}")
_i2v_is_torch_root("${_root}" _ok)
if(_root AND NOT _ok)
  message(FATAL_ERROR "I2V_TORCH_ROOT=${_root} is not a LibTorch folder (no lib/libtorch.so or headers)")
endif()
if(NOT _ok)
  foreach(p IN LISTS CMAKE_PREFIX_PATH)
    foreach(candidate "${p}" "${p}/../..")
      get_filename_component(candidate "${candidate}" ABSOLUTE)
      _i2v_is_torch_root("${candidate}" _ok)
      if(_ok)
        set(_root "${candidate}")
        break()
      endif()
    endforeach()
    if(_ok)
      break()
    endif()
  endforeach()
endif()
if(NOT _ok AND EXISTS "${I2V_TORCH_PYTHON}")
  execute_process(COMMAND "${I2V_TORCH_PYTHON}" -c "import torch.utils; print(torch.utils.cmake_prefix_path)"
                  OUTPUT_VARIABLE _prefix OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET RESULT_VARIABLE _rc)
  if(_rc EQUAL 0)
    get_filename_component(_root "${_prefix}/../.." ABSOLUTE)
    _i2v_is_torch_root("${_root}" _ok)
  endif()
endif()
if(NOT _ok)
  message(FATAL_ERROR
    "LibTorch 2.x not found. Run `bash scripts/install-deps.sh` (it installs the pinned torch wheel into "
    "${PROJECT_SOURCE_DIR}/.venv), or pass -DI2V_TORCH_ROOT=/path/to/libtorch.")
endif()
set(I2V_TORCH_ROOT "${_root}" CACHE PATH "LibTorch 2.x folder (include/, lib/libtorch.so); empty: ask I2V_TORCH_PYTHON" FORCE)

# Version from torch/version.h (2.9+ keeps the numbers in torch/headeronly/version.h).
set(_version_h "${_root}/include/torch/headeronly/version.h")
if(NOT EXISTS "${_version_h}")
  set(_version_h "${_root}/include/torch/csrc/api/include/torch/version.h")
endif()
file(STRINGS "${_version_h}" _ver REGEX "#define TORCH_VERSION_(MAJOR|MINOR|PATCH) ")
string(REGEX REPLACE ".*MAJOR ([0-9]+).*" "\\1" _major "${_ver}")
string(REGEX REPLACE ".*MINOR ([0-9]+).*" "\\1" _minor "${_ver}")
string(REGEX REPLACE ".*PATCH ([0-9]+).*" "\\1" _patch "${_ver}")
set(I2V_TORCH_VERSION "${_major}.${_minor}.${_patch}")
if(NOT _major MATCHES "^[0-9]+$" OR _major LESS 2)
  message(FATAL_ERROR "LibTorch ${I2V_TORCH_VERSION} at ${_root}: I2V Studio needs LibTorch 2.x")
endif()

# The C++ ABI: the PyTorch distribution has been cxx11-ABI only since 2.7; older trees say so in their
# TorchConfig (TORCH_CXX_FLAGS), and a pre-cxx11 build cannot link with Debian's Qt/OpenCV/FFmpeg.
set(_abi 1)
if(EXISTS "${_root}/share/cmake/Torch/TorchConfig.cmake")
  file(STRINGS "${_root}/share/cmake/Torch/TorchConfig.cmake" _abi_line REGEX "_GLIBCXX_USE_CXX11_ABI=")
  if(_abi_line MATCHES "_GLIBCXX_USE_CXX11_ABI=([01])")
    set(_abi ${CMAKE_MATCH_1})
  endif()
endif()
if(NOT _abi)
  message(FATAL_ERROR "LibTorch at ${_root} uses the pre-cxx11 ABI; use a cxx11-ABI LibTorch (any 2.7+ build)")
endif()

add_library(i2v::torch INTERFACE IMPORTED)
target_include_directories(i2v::torch SYSTEM INTERFACE "${_root}/include" "${_root}/include/torch/csrc/api/include")
target_compile_definitions(i2v::torch INTERFACE _GLIBCXX_USE_CXX11_ABI=1)
# libstdc++ first: the wheel's libtorch.so exports copies of newer libstdc++ symbols (std::filesystem,
# std::chrono::tzdb...) from the static part of its toolchain's libstdc++. Were libtorch.so earlier in a
# binary's library order, it would interpose on the system libstdc++ for our own code, and its
# std::filesystem::remove_all crashes when called from here. With libstdc++.so.6 first, our calls bind to
# the system library; torch still finds its extra symbols in its own libraries.
# libtorch.so itself is not linked: it is a shim that only pulls in libtorch_cpu and libtorch_cuda.
target_link_libraries(i2v::torch INTERFACE "-Wl,--push-state,--no-as-needed" stdc++ "-Wl,--pop-state"
                      "${_root}/lib/libtorch_cpu.so" "${_root}/lib/libc10.so" Threads::Threads)

set(I2V_TORCH_CUDA OFF)
if(EXISTS "${_root}/lib/libtorch_cuda.so" AND EXISTS "${_root}/lib/libc10_cuda.so")
  # CUDA runtime headers for c10/cuda: the wheel's nvidia-* packages, else a CUDA toolkit.
  file(GLOB _cuda_includes LIST_DIRECTORIES true "${_root}/../nvidia/*/include")
  set(_cuda_header_dir "")
  foreach(d IN LISTS _cuda_includes)
    if(EXISTS "${d}/cuda_runtime_api.h")
      set(_cuda_header_dir "${d}")
    endif()
  endforeach()
  if(NOT _cuda_header_dir)
    find_package(CUDAToolkit QUIET)
    if(CUDAToolkit_FOUND)
      set(_cuda_header_dir "${CUDAToolkit_INCLUDE_DIRS}")
    endif()
  endif()
  if(NOT _cuda_header_dir)
    message(FATAL_ERROR "LibTorch at ${_root} has CUDA but the CUDA runtime headers (cuda_runtime_api.h) "
                        "were not found: install the CUDA toolkit or use the pip wheel's nvidia packages")
  endif()
  set(I2V_TORCH_CUDA ON)
  target_include_directories(i2v::torch SYSTEM INTERFACE ${_cuda_header_dir})
  target_compile_definitions(i2v::torch INTERFACE I2V_TORCH_CUDA=1)
  # libc10_cuda (the caching allocator's statistics; small) is linked. libtorch_cuda (the CUDA kernels,
  # with cuDNN, cuBLAS, NCCL...: ~350 MiB of resident memory once loaded) is not: the engine loads it at
  # start-up only when an NVIDIA driver is present (runtime/device.cpp, loadCudaBackend), so machines
  # without a GPU do not pay for it. It is compiled against and checked to load in every build and CI run.
  target_link_libraries(i2v::torch INTERFACE "${_root}/lib/libc10_cuda.so" ${CMAKE_DL_LIBS})
  # The wheel's CUDA libraries are found at run time through the torch libraries' own $ORIGIN RPATHs; the
  # linker needs their folders to check c10_cuda's undefined symbols.
  file(GLOB _nvidia_libs LIST_DIRECTORIES true "${_root}/../nvidia/*/lib")
  foreach(d IN LISTS _nvidia_libs)
    target_link_options(i2v::torch INTERFACE "LINKER:-rpath-link,${d}")
  endforeach()
endif()
# Build-tree binaries find LibTorch through their build RPATH (CMake adds ${_root}/lib for the libraries
# above); installed ones (the .deb, packaging/CMakeLists.txt) through the copy in <prefix>/lib/i2v-studio.
set(I2V_TORCH_LIB_DIR "${_root}/lib")
set(CMAKE_INSTALL_RPATH "$ORIGIN/../lib/i2v-studio/torch/lib")
message(STATUS "LibTorch ${I2V_TORCH_VERSION} from ${_root} (CUDA: ${I2V_TORCH_CUDA})")
